fn main() {
    let dir = std::env::var("PERRY_DIR").expect("PERRY_DIR");
    println!("cargo:rerun-if-env-changed=PERRY_DIR");
    println!("cargo:rustc-link-search=native={dir}");
    println!("cargo:rustc-link-lib=static=perry_ext_http");
    println!("cargo:rustc-link-lib=static=perry_stdlib");
}
