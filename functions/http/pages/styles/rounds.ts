/** The code rounds: the list of rounds (a table that scrolls in its own region on a phone) and the form that opens one. */
export const ROUNDS_CSS = `
.rounds{border:1px solid #b1b4b6;margin:0 0 12px}
.rounds:focus{outline:3px solid #ffdd00;box-shadow:0 0 0 5px #0b0c0c}
.rounds table{min-width:40rem}
.rounds th{background:#f3f2f1}
.rounds td.when{white-space:nowrap}
@media (min-width:641px){.open-link .button{display:inline-block}}
.open-round select{background:#fff}
.open-round #count{max-width:10rem}
.round-link{border-left:4px solid #1d4f91;background:#f3f6fb;padding:8px 12px;margin:12px 0}
`;
