//! Cloud Virtual Machine (cvm, 2017-03-12) client, generated from the reference pages.
