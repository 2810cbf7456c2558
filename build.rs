//! The catalog and the policies are embedded with `include_dir!`, which
//! tracks the files it found but not files added later: re-run (and so
//! rebuild) whenever anything below those folders changes.

fn main() {
    println!("cargo:rerun-if-changed=catalog");
    println!("cargo:rerun-if-changed=policies");
}
