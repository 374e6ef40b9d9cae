/** The public proof page and the record page's two verdicts (integrity, completeness). */
export const PROOF_CSS = `
.proof .hash,.verdicts .hash{font:.8rem/1.4 "DejaVu Sans Mono","Liberation Mono",monospace;word-break:break-all;overflow-wrap:anywhere}
.proof .bad,.verdicts .bad{border:2px solid #d4351c;background:#fff4f2;padding:12px}
.proof .ok,.proof .bad,.verdicts .ok,.verdicts .bad{margin:6px 0 8px}
.verdicts h3{margin:12px 0 4px;font-size:1rem}
`;
