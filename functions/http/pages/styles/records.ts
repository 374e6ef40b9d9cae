/**
 * The records pages: the filter form, the list, and the complete record, whose history and
 * data blocks are the printable record's own components (records/print*.tsx) and so use its
 * class names. Wide tables wrap their cells on a phone rather than widening the page.
 */
export const RECORDS_CSS = `
.filters{margin:0 0 8px}
.filter-grid .field{margin:0 0 10px}
.filters input[type=date],.filters input[type=month],.filters input[type=search]{width:100%;font:inherit;padding:8px;border:2px solid #0b0c0c;border-radius:0;background:#fff}
.filters button{margin:8px 0}
.filters .search-q{max-width:40rem}
.filters fieldset.period{border:0;padding:0;margin:0 0 4px;min-width:0}
.filters fieldset.period legend{font-weight:700;padding:0;margin:0 0 6px}
.filters .reset{display:inline-block;margin:4px 0 8px}
@media (min-width:641px){.record .button{display:inline-block}.filter-grid{display:grid;grid-template-columns:repeat(3,minmax(0,1fr));gap:0 12px}.filters .period .filter-grid{grid-template-columns:repeat(4,minmax(0,1fr))}.filters button{display:inline-block;margin-right:16px}}
.records-page .scroll{border:1px solid #b1b4b6;margin:0 0 12px}
.records-page .scroll:focus{outline:3px solid #ffdd00;box-shadow:0 0 0 5px #0b0c0c}
table.records{min-width:44rem}
/* Three times side by side: each breaks between its date and its time rather than widen the table. */
table.records td.when{min-width:5.5rem}
table.records th{background:#f3f2f1;white-space:nowrap}
.records-page .nowrap{white-space:nowrap}
.next{display:inline-block;font-weight:700;font-size:1.05rem;padding:8px 0}
.record table{margin:0 0 10px;table-layout:fixed}
.record th,.record td{overflow-wrap:anywhere}
.record th[scope=row]{width:36%;font-weight:600;background:#faf8f5}
.record .num{white-space:normal}
.record .group-table table{table-layout:auto;min-width:32rem}
.record .group-table:focus{outline:3px solid #ffdd00;box-shadow:0 0 0 5px #0b0c0c}
.record h3{font-size:1.02rem;margin:14px 0 6px}
.record h4{font-size:.98rem;margin:10px 0 4px}
.record .note,.crumbs{color:#383f43;font-size:.9rem}
.record .none{color:#505a5f}
.record .text{white-space:pre-wrap}
.record .hash{font:.8rem/1.4 "DejaVu Sans Mono","Liberation Mono",monospace;word-break:break-all;overflow-wrap:anywhere}
.record .files{margin:0;padding-left:1.2em}
.record .bad{border:2px solid #d4351c;background:#fff4f2;padding:12px}
.record .ok,.record .bad{margin:6px 0 8px}
.record .event{border:1px solid #b1b4b6;border-left:5px solid #a4161a;padding:6px 10px 2px;margin:0 0 10px}
.record .event h3{margin:2px 0 6px}
.revision{border:1px solid #b1b4b6;margin:0 0 8px;padding:0 10px}
.revision summary{cursor:pointer;padding:8px 0;font-size:.95rem}
.revision summary:focus{outline:3px solid #ffdd00;box-shadow:0 0 0 5px #0b0c0c}
.revision[open] summary{border-bottom:1px solid #b1b4b6;margin-bottom:6px}
.downloads{padding-left:1.2em}
.downloads li{margin:0 0 6px}
`;
