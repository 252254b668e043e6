//! The CAMEO taxonomy (config/events/cameo.tsv): every code with its label, Goldstein
//! value, quad class and PLOVER 2021 type, mode and context.

use std::collections::HashMap;

#[derive(Debug, Clone, PartialEq)]
pub struct Code {
    pub root: String,
    pub quad_class: u8,
    pub goldstein: f64,
    /// Empty where PLOVER dropped the CAMEO category (01, 02).
    pub plover: String,
    pub plover_mode: Option<String>,
    pub plover_context: Option<String>,
    pub label: String,
}

pub struct Taxonomy {
    codes: HashMap<String, Code>,
}

impl Taxonomy {
    pub fn parse(text: &str) -> Result<Self, String> {
        let mut codes = HashMap::new();
        for (n, line) in text.lines().enumerate().skip(1) {
            let cells: Vec<&str> = line.split('\t').collect();
            if cells.len() != 8 {
                return Err(format!(
                    "cameo.tsv line {}: {} cells, want 8",
                    n + 1,
                    cells.len()
                ));
            }
            let opt = |s: &str| (!s.is_empty()).then(|| s.to_string());
            let code = Code {
                root: cells[1].to_string(),
                quad_class: cells[2]
                    .parse()
                    .map_err(|e| format!("line {}: {e}", n + 1))?,
                goldstein: cells[3]
                    .parse()
                    .map_err(|e| format!("line {}: {e}", n + 1))?,
                plover: cells[4].to_string(),
                plover_mode: opt(cells[5]),
                plover_context: opt(cells[6]),
                label: cells[7].to_string(),
            };
            codes.insert(cells[0].to_string(), code);
        }
        // A root code ("04") takes the PLOVER type of its unspecified child ("040").
        let roots: Vec<String> = codes.keys().filter(|c| c.len() == 2).cloned().collect();
        for root in roots {
            if let Some(child) = codes.get(&format!("{root}0")).cloned() {
                let r = codes.get_mut(&root).expect("listed");
                r.plover = child.plover;
                r.plover_mode = child.plover_mode;
                r.plover_context = child.plover_context;
            }
        }
        Ok(Self { codes })
    }

    pub fn get(&self, code: &str) -> Option<&Code> {
        self.codes.get(code)
    }

    #[cfg(test)]
    pub fn len(&self) -> usize {
        self.codes.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_is_there() {
        let t = Taxonomy::parse(include_str!("../../../../config/events/cameo.tsv")).unwrap();
        assert!(t.len() > 300);
        for root in 1..=20 {
            assert!(t.get(&format!("{root:02}")).is_some());
        }
        let c = t.get("046").unwrap();
        assert_eq!(
            (c.plover.as_str(), c.quad_class, c.goldstein),
            ("CONSULT", 1, 7.0)
        );
        assert_eq!(t.get("1312").unwrap().plover, "THREATEN");
        // Statements have no type; appeals are requests, as demands are.
        assert_eq!(t.get("010").unwrap().plover, "");
        assert_eq!(t.get("020").unwrap().plover, "REQUEST");
        assert_eq!(t.get("02").unwrap().plover, "REQUEST");
        assert_eq!(t.get("19").unwrap().plover, "ASSAULT");
    }
}
