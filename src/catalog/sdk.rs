//! STUB (replaced by the cat branch).
#![allow(dead_code, unused_variables)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Language { JavaScript, Python }
pub struct Method { pub class: &'static str, pub name: &'static str, pub http: &'static str, pub path: &'static str, pub body: Option<&'static str>, pub body_required: Option<bool>, pub status: crate::catalog::Status, pub params: Vec<&'static str> }
pub fn class_exists(class: &str) -> bool { false }
pub fn method(lang: Language, class: &str, name: &str) -> Option<&'static Method> { None }
pub fn classes_with(lang: Language, name: &str) -> Vec<&'static str> { Vec::new() }
pub fn for_operation(lang: Language, http: &str, path_template: &str) -> Option<&'static Method> { None }
pub fn meant(lang: Language, class: &str, name: &str) -> Vec<&'static Method> { Vec::new() }
pub fn class_for_receiver(lang: Language, identifier: &str) -> Option<&'static str> { None }
pub fn package(lang: Language, name: &str) -> Package { Package::Other }
pub enum Package { Sdk, Invented { real: &'static str }, Other }
