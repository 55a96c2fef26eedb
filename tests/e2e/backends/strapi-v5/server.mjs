// Strapi v5: flat records with a `documentId` (tests/e2e/backends/strapi.mjs).
import { strapiBackend } from "../strapi.mjs";

export const backend = strapiBackend(5);
