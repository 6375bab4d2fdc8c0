//! Prints every code the core hands to the page, by family, as JSON (`./build.sh` writes it to
//! build/vocabulary.json for the i18n test).

fn main() {
    match serde_json::to_string_pretty(&ltv::vocabulary::vocabulary()) {
        Ok(json) => println!("{json}"),
        Err(e) => {
            eprintln!("vocabulary: {e}");
            std::process::exit(1);
        }
    }
}
