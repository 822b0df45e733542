#![allow(dead_code)] // each test binary uses a part of this

pub mod camera;
pub mod sitemap;
