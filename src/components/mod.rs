pub mod article_view;
pub mod frame;
pub mod post_list;
pub mod status;
