/** What every page shares: the bar, type, fields, buttons, tables, alerts, mobile first. */
export const BASE_CSS = `
*{box-sizing:border-box}
html{background:#0b0c0c}
body{margin:0;font:16px/1.6 "PingFang SC","Microsoft YaHei","Noto Sans CJK SC","WenQuanYi Zen Hei",system-ui,sans-serif;color:#0b0c0c;background:#f4f1ec}
a{color:#1d4f91}
a:focus,button:focus,input:focus,textarea:focus,select:focus{outline:3px solid #ffdd00;outline-offset:0;box-shadow:0 0 0 5px #0b0c0c}
.bar{background:#a4161a;color:#fff}
.bar-in{max-width:48rem;margin:0 auto;padding:8px 16px;display:flex;flex-wrap:wrap;align-items:center;gap:8px 16px}
.brand{color:#fff;font-weight:700;font-size:1.1rem;text-decoration:none;margin-right:auto}
.brand .en,.brand .zh{display:none}
.who{font-size:.9rem;order:2;flex:1 1 12rem;min-width:0}
.bar form{display:inline;margin:0;order:3}
.bar .lang{order:1}
.bar button,.lang button{display:inline;width:auto;margin:0;padding:2px 10px;font-size:.9rem;font-weight:600;background:transparent;color:#fff;border:2px solid #fff;border-radius:4px}
.bar .lang{display:flex;gap:10px;align-items:center;font-size:.9rem}
.lang .current{font-weight:700;text-decoration:underline}
main{display:block;max-width:48rem;margin:0 auto;padding:16px;background:#fff;min-height:70vh}
h1{font-size:1.5rem;line-height:1.3;margin:0 0 12px;color:#a4161a}
h2{font-size:1.15rem;margin:24px 0 8px;border-bottom:2px solid #a4161a;padding-bottom:2px}
.en,.zh{color:#505a5f;font-size:.9em}
.lead,.help{color:#383f43;font-size:.95rem;margin:4px 0}
fieldset,.field{border:1px solid #b1b4b6;border-radius:6px;padding:10px 12px;margin:0 0 14px}
legend,.label{font-weight:600;padding:0 4px;display:block}
.opt{display:block;padding:8px 4px;border-top:1px solid #f0f0f0}
.opt input{margin-right:8px;transform:scale(1.2)}
input[type=text],input[type=password],textarea,select{width:100%;font:inherit;padding:8px;border:2px solid #0b0c0c;border-radius:0}
textarea{min-height:6rem}
.code input{font-family:"Courier New",monospace;font-size:1.2rem;letter-spacing:2px;text-transform:uppercase}
.invalid{border-color:#d4351c;border-left:5px solid #d4351c}
.error{color:#d4351c;font-weight:700;margin:4px 0}
.alert,.error-summary{border:4px solid #d4351c;background:#fff;padding:12px 16px;margin:12px 0}
.error-summary h2{border:0;margin:0 0 8px;color:#0b0c0c}
.error-summary a{color:#d4351c;font-weight:700}
.ok{border:2px solid #00703c;background:#f0fff0;padding:12px}
.warn{border-left:4px solid #d98e04;background:#fff8e6;padding:8px 10px;margin:6px 0}
button .en,.button .en,.error .en,.error .zh,.error-summary a .en,.error-summary a .zh,button .zh,.button .zh,.bar .en,.bar .zh,footer .en,footer .zh{color:inherit}
button,.button{display:block;width:100%;padding:12px;font:inherit;font-weight:600;text-align:center;color:#fff;background:#a4161a;border:0;border-radius:4px;text-decoration:none;margin:16px 0;cursor:pointer}
table{width:100%;border-collapse:collapse;font-size:.95rem}
th,td{border-bottom:1px solid #b1b4b6;padding:6px 4px;text-align:left;vertical-align:top}
.num{text-align:right;white-space:nowrap;font-variant-numeric:tabular-nums}
.total th,.total td{font-weight:700;border-top:2px solid #0b0c0c}
.scroll{overflow-x:auto}
.tasks{list-style:none;padding:0;margin:0}
.tasks li{border-bottom:1px solid #b1b4b6;padding:10px 0}
.tasks a{font-weight:700;font-size:1.05rem}
.meta{display:block;color:#383f43;font-size:.92rem}
.overdue{display:inline-block;background:#d4351c;color:#fff;font-weight:700;padding:0 6px;margin-left:6px}
footer{background:#0b0c0c;color:#fff;font-size:.9rem}
footer .bar-in{padding:16px}
@media (min-width:641px){button,.button{width:auto;padding:10px 24px}.bar button,.lang button{padding:2px 10px}
.bar .bar-in{flex-wrap:nowrap}
.bar .bar-in>*{order:0;white-space:nowrap}
.brand{flex:0 0 auto}
.who{flex:0 1 auto;overflow:hidden;text-overflow:ellipsis}}
`;

/** The navigation under the bar: one row of links, wrapping on a phone. */
export const NAV_CSS = `
.nav{background:#fff;border-bottom:1px solid #b1b4b6}
.nav .bar-in{padding:0 16px;gap:0 4px}
.nav a{display:inline-block;padding:10px 10px;font-weight:600;text-decoration:none;border-bottom:4px solid transparent}
.nav a[aria-current=page]{border-bottom-color:#a4161a;color:#0b0c0c}
.nav .en,.nav .zh{display:none}
`;
