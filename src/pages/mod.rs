//! One file a screen.

pub mod activities;
pub mod appointments;
pub mod check;
pub mod dispatch;
pub mod grid;
pub mod home;
pub mod inbox;
pub mod new_wish;
pub mod not_found;
pub mod order;
pub mod order_staff;
pub mod orders;
pub mod profile;
pub mod service;
pub mod services;
pub mod settings;
pub mod sign_in;
pub mod sign_in_prompt;
pub mod tasks;
pub mod volunteer;
