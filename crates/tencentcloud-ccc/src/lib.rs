//! Cloud Contact Center (ccc, 2020-02-10) client, generated from the reference pages.
