//! One module per area of the protocol; `backend.rs` maps each LSP method to a function here.

pub mod code_action;
pub mod code_lens;
pub mod configuration;
pub mod diagnostic;
pub mod hover;
pub mod lifecycle;
pub mod text_document;
