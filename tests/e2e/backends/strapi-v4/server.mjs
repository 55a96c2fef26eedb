// Strapi v4: records as `{id, attributes}` (tests/e2e/backends/strapi.mjs).
import { strapiBackend } from "../strapi.mjs";

export const backend = strapiBackend(4);
