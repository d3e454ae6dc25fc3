//! `uniffi-bindgen`: generates the Kotlin and Swift sources of `tsunagu-ffi` from the built
//! library (`generate --library target/debug/libtsunagu_ffi.so --language kotlin|swift`). Built
//! from the workspace so its uniffi version is the one the library was compiled with.

fn main() {
    uniffi::uniffi_bindgen_main()
}
