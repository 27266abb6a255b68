/**
 * The web app's only stylesheet, kept in a module so the build (tsc) ships it without a copy
 * step. Mobile first (one column at 360 px), system fonts, colours at 4.5:1 or more for text and
 * 3:1 for controls, visible focus, touch targets of 44 px, no motion for those who ask.
 */
export const STYLESHEET = `
*,*::before,*::after{box-sizing:border-box}
:root{--ink:#1b1b1b;--muted:#4a4a4a;--line:#8a8a8a;--soft:#f3f5f7;--brand:#0b4f6c;--brand-dark:#073449;--ok:#0b6b3a;--ok-bg:#e6f4ec;--warn:#8a4b00;--warn-bg:#fff4e0;--bad:#b00020;--bad-bg:#fdecee;--focus:#ffbf47}
html{-webkit-text-size-adjust:100%}
body{margin:0;font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;font-size:1.0625rem;line-height:1.5;color:var(--ink);background:#fff}
.wrap{max-width:60rem;margin:0 auto;padding:0 1rem}
a{color:var(--brand);text-underline-offset:.15em}
a:hover{color:var(--brand-dark);text-decoration-thickness:2px}
:focus-visible{outline:3px solid var(--focus);outline-offset:0;box-shadow:0 0 0 5px var(--ink)}
.skip-link{position:absolute;left:-9999px;top:0;background:var(--focus);color:var(--ink);padding:.75rem 1rem;z-index:10}
.skip-link:focus{left:0}
.visually-hidden{position:absolute!important;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
.site-header{background:var(--brand);color:#fff}
.header-row{display:flex;flex-wrap:wrap;align-items:center;justify-content:space-between;gap:.25rem 1rem;padding-top:.5rem;padding-bottom:.5rem}
.brand{color:#fff;font-weight:700;font-size:1.2rem;text-decoration:none;min-height:44px;display:inline-flex;align-items:center}
.brand:hover{color:#fff;text-decoration:underline}
.who{display:flex;align-items:center;gap:.75rem;flex-wrap:wrap}
.who-name{font-weight:600}
.site-header .button-link{color:#fff}
.site-nav ul{list-style:none;margin:0;padding:0 0 .5rem;display:flex;flex-wrap:wrap;gap:.25rem}
.site-nav a{display:inline-flex;align-items:center;gap:.35rem;min-height:44px;padding:.5rem .75rem;color:#fff;text-decoration:none;border-radius:4px}
.site-nav a:hover{background:var(--brand-dark);color:#fff;text-decoration:underline}
.site-nav a[aria-current=page]{background:#fff;color:var(--brand);font-weight:600}
/* A phone: the person and the way out beside the name of the place, the menu one row that
   scrolls sideways (its last item cut at the edge says there is more), so the page starts
   about 120 px down instead of 310; the unread count stays in sight beside the name. The strip
   is positioned so that the hidden words of its badge stay inside it (else they widen the page). */
.who-unread{display:none}
@media (max-width:39.99rem){.header-row{flex-wrap:nowrap;gap:.5rem;padding-top:.25rem;padding-bottom:.25rem}.brand{font-size:1.05rem;flex:none}.who{flex-direction:column;align-items:flex-end;gap:0;min-width:0}.who-line{display:flex;align-items:center;gap:.4rem;max-width:100%}.who-name{min-width:0;font-size:.875rem;overflow:hidden;text-overflow:ellipsis;white-space:nowrap}.who-unread{display:inline-flex;align-items:center;min-height:24px;color:#fff;text-decoration:none}.who-unread:hover{color:#fff}.who .button-link{min-height:44px;padding:.25rem 0}.site-nav{padding:0}.site-nav ul{position:relative;flex-wrap:nowrap;overflow-x:auto;padding:0 1rem .4rem;gap:.15rem;scrollbar-width:thin;scrollbar-color:#fff var(--brand-dark)}.site-nav li{flex:none}.site-nav a{padding:.5rem .6rem;white-space:nowrap}}
.badge{display:inline-block;min-width:1.5em;padding:0 .4em;border-radius:1em;background:#fff;color:var(--bad);font-weight:700;text-align:center;border:1px solid var(--bad)}
main{padding-top:1.25rem;padding-bottom:2.5rem;display:block}
main:focus{outline:none}
h1{font-size:1.75rem;line-height:1.2;margin:.25rem 0 1rem}
h2{font-size:1.35rem;line-height:1.25;margin:1.75rem 0 .75rem}
h3{font-size:1.125rem;margin:1.25rem 0 .5rem}
p{margin:0 0 1rem}
.lead{font-size:1.2rem}
.muted{color:var(--muted)}
.icon{width:1.25em;height:1.25em;fill:currentColor;vertical-align:-.25em;flex:none}
.site-footer{border-top:1px solid var(--line);color:var(--muted);padding:1rem 0;font-size:.95rem}
.card{border:1px solid var(--line);border-radius:6px;padding:1rem;margin:0 0 1rem;background:#fff}
.card>:last-child{margin-bottom:0}
.card-highlight{border:3px solid var(--brand);background:var(--soft)}
.grid{display:grid;gap:1rem}
@media (min-width:48rem){.grid-2{grid-template-columns:1fr 1fr}.grid-main{grid-template-columns:minmax(0,2fr) minmax(0,1fr);gap:2rem}h1{font-size:2rem}}
.card>h2:first-child{margin-top:0}
.button,button{font:inherit;font-weight:600;display:inline-flex;align-items:center;justify-content:center;gap:.4rem;min-height:44px;padding:.5rem 1.1rem;border:2px solid var(--brand);border-radius:4px;background:var(--brand);color:#fff;cursor:pointer;text-decoration:none}
.button:hover,button:hover{background:var(--brand-dark);border-color:var(--brand-dark);color:#fff}
.button-secondary{background:#fff;color:var(--brand)}
.button-secondary:hover{background:var(--soft);color:var(--brand-dark)}
.button-danger{background:var(--bad);border-color:var(--bad)}
.button-danger:hover{background:#7f0017;border-color:#7f0017}
.button-link{background:none;border:none;color:var(--brand);text-decoration:underline;padding:.5rem .25rem;font-weight:400}
.button-link:hover{background:none;color:var(--brand-dark)}
.actions{display:flex;flex-wrap:wrap;gap:.75rem;align-items:center;margin:1rem 0}
form.inline{display:inline}
.field{margin:0 0 1.25rem}
.field label,legend{display:block;font-weight:600;margin-bottom:.25rem}
fieldset{border:none;margin:0;padding:0;min-width:0}
.hint{color:var(--muted);margin:0 0 .4rem;font-size:.97rem}
input[type=text],input[type=password],input[type=email],input[type=url],input[type=tel],input[type=number],input[type=date],input[type=search],select,textarea{font:inherit;display:block;width:100%;max-width:32rem;min-height:44px;padding:.45rem .6rem;border:2px solid var(--ink);border-radius:3px;background:#fff;color:var(--ink)}
textarea{min-height:6rem}
.field-error{border-left:4px solid var(--bad);padding-left:.75rem}
.field-error input,.field-error select,.field-error textarea{border-color:var(--bad)}
.error-message{color:var(--bad);font-weight:600;margin:0 0 .4rem}
.error-summary{border:4px solid var(--bad);padding:1rem;margin:0 0 1.5rem}
.error-summary h2{margin-top:0;font-size:1.25rem}
.error-summary ul{margin:0;padding-left:1.25rem}
.error-summary a{color:var(--bad);font-weight:600}
.notice{display:flex;gap:.5rem;align-items:flex-start;border-left:6px solid var(--ok);background:var(--ok-bg);padding:.75rem 1rem;margin:0 0 1.25rem;font-weight:600}
.warning{border-left:6px solid var(--warn);background:var(--warn-bg);padding:.75rem 1rem;margin:0 0 1.25rem}
.radio,.checkbox{display:flex;flex-wrap:wrap;align-items:center;gap:.25rem .6rem;margin:.35rem 0;min-height:44px}
.radio input,.checkbox input{width:1.5rem;height:1.5rem;margin:0;accent-color:var(--brand)}
.radio label,.checkbox label{font-weight:400;margin:0;flex:1 1 0;min-width:0}
.radio .hint,.checkbox .hint{flex-basis:100%;margin-left:2.1rem}
progress{width:100%;max-width:32rem;height:1.1rem;accent-color:var(--ok)}
.steps{list-style:none;margin:0;padding:0;counter-reset:step}
.step{border-left:4px solid var(--line);padding:.5rem 0 .75rem 1rem;margin:0 0 .5rem}
.step-validated{border-left-color:var(--ok)}
.step-submitted{border-left-color:var(--warn)}
.step-next{border-left-color:var(--brand);background:var(--soft)}
.step-title{font-weight:600;margin:0}
.status{display:inline-flex;align-items:center;gap:.3rem;font-weight:600;font-size:.95rem}
.status-ok{color:var(--ok)}
.status-wait{color:var(--warn)}
.status-todo{color:var(--muted)}
.status-bad{color:var(--bad)}
details{margin:.5rem 0}
summary{cursor:pointer;color:var(--brand);font-weight:600;min-height:44px;display:flex;align-items:center}
.list{list-style:none;margin:0;padding:0}
.list>li{border-bottom:1px solid var(--line);padding:.75rem 0}
.list>li:first-child{border-top:1px solid var(--line)}
.unread{font-weight:700}
.quote{margin:0 0 1rem;padding:.5rem 1rem;border-left:4px solid var(--line);background:var(--soft);white-space:pre-wrap}
.break{overflow-wrap:anywhere}
.thumbnails{list-style:none;display:flex;flex-wrap:wrap;gap:.5rem;margin:0 0 1rem;padding:0}
.thumbnails img{display:block;max-width:9rem;height:auto;border:1px solid var(--line);border-radius:4px}
input[type=file]{font:inherit;max-width:100%;min-height:44px;padding:.35rem 0}
.slots{display:flex;flex-wrap:wrap;gap:.5rem;list-style:none;margin:0 0 1rem;padding:0}
.qr svg{width:100%;max-width:16rem;height:auto;background:#fff}
.code{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:1.4rem;letter-spacing:.08em;font-weight:700;word-break:break-all}
table{border-collapse:collapse;width:100%}
th,td{text-align:left;padding:.5rem;border-bottom:1px solid var(--line);vertical-align:top}
.pagination{display:flex;gap:1rem;flex-wrap:wrap;margin:1rem 0}
@media (prefers-reduced-motion:reduce){*{animation:none!important;transition:none!important;scroll-behavior:auto!important}}
@media print{.site-header,.site-footer,.skip-link,form{display:none}}
.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
.report-table{margin:0 0 1.5rem}
.report-table caption{text-align:left;font-weight:600;padding:0 0 .4rem}
.report-table th.num{white-space:normal}
@media screen and (max-width:30rem){.report-table th,.report-table td{overflow-wrap:anywhere}}
.report-table tr.total th,.report-table tr.total td{font-weight:700}
.table-scroll{overflow-x:auto}
.report-chart{margin:0 0 1.5rem}
.report-chart figcaption{font-weight:600;margin:0 0 .25rem}
.report-chart svg{display:block;max-width:30rem;height:auto;margin:0 0 .5rem}
.report-dates{display:flex;flex-wrap:wrap;gap:0 1.5rem}
.report-dates .field{min-width:12rem}
.report-presets{list-style:none;display:flex;flex-wrap:wrap;gap:.25rem 1.25rem;margin:0 0 1rem;padding:0}
.report-presets a{display:inline-flex;min-height:44px;align-items:center}
@media (min-width:60rem){.report-grid{display:grid;grid-template-columns:1fr 1fr;gap:0 2rem}}
@page{size:A4;margin:14mm 12mm}
@media print{body{font-size:10pt}.wrap{max-width:none;padding:0}main{padding:0}.report-tools{display:none}.report h1{font-size:16pt;margin:0 0 .3rem}.report h2{font-size:13pt;margin:.8rem 0 .4rem;break-after:avoid}.report-grid{display:grid;grid-template-columns:1fr 1fr;gap:0 8mm}.report-chart,.report-table,.report-table tr{break-inside:avoid}.report-chart svg{max-width:min(100%,89mm)}.report-table{font-size:9pt}th,td{padding:.15rem .3rem}.table-scroll{overflow:visible}a{color:inherit;text-decoration:none}}
.no-margin{margin:0}
.link-row{list-style:none;display:flex;flex-wrap:wrap;gap:.25rem 1.25rem;margin:0 0 1rem;padding:0}
.link-row a{display:inline-flex;min-height:44px;align-items:center}
.machine-status{border-left:6px solid var(--ok);background:var(--ok-bg);padding:.75rem 1rem;margin:0 0 1.25rem;font-size:1.1rem}
.machine-status-out_of_order{border-left-color:var(--bad);background:var(--bad-bg)}
.machine-status-maintenance{border-left-color:var(--warn);background:var(--warn-bg)}
.machine-status-retired{border-left-color:var(--line);background:var(--soft)}
.figures{display:grid;grid-template-columns:repeat(auto-fill,minmax(9.5rem,1fr));gap:.75rem;margin:0 0 1rem}
.figures>div{border:1px solid var(--line);border-radius:6px;padding:.5rem .75rem}
.figures dt{font-size:.95rem;color:var(--muted)}
.figures dd{margin:0;font-size:1.4rem;font-weight:700}
.staff-sections{border-top:3px solid var(--brand);margin-top:2rem}
.label-sheet{list-style:none;margin:0;padding:0;display:grid;grid-template-columns:repeat(auto-fill,minmax(16rem,1fr));gap:1rem}
.machine-label{display:flex;gap:.75rem;align-items:center;border:1px dashed var(--line);padding:.75rem;break-inside:avoid}
.label-qr{flex:none;width:8rem}
.label-qr svg{display:block;width:100%;height:auto}
.label-text{min-width:0}
.label-text p{margin:0 0 .25rem}
.label-name{font-weight:700;font-size:1.1rem;line-height:1.2}
.label-code{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:1.3rem;font-weight:700;letter-spacing:.05em}
.label-hint{font-size:.9rem}
.label-url{font-size:.8rem;color:var(--muted);overflow-wrap:anywhere}
.facts{list-style:none;margin:0 0 1rem;padding:0}
.facts li{margin:.2rem 0}
.filter-row{display:grid;gap:0 1rem}
@media (min-width:48rem){.filter-row{grid-template-columns:repeat(auto-fit,minmax(11rem,1fr))}.filter-row select{max-width:none}}
.warning h2{margin-top:0;font-size:1.2rem}
fieldset.card{padding:1rem;margin:1.5rem 0}
fieldset.card>legend{padding:0 .35rem;margin-left:-.35rem}
.page-toc ul{list-style:none;display:flex;flex-wrap:wrap;gap:0 1rem;margin:0 0 1rem;padding:0}
.page-toc a{display:inline-flex;min-height:44px;align-items:center}
.timeline{list-style:none;margin:0;padding:0 0 0 1rem;border-left:3px solid var(--line)}
.timeline>li{margin:0 0 1rem}
.timeline p{margin:0 0 .2rem}
.timeline-when{font-size:.95rem;color:var(--muted)}
.timeline-note{margin:.25rem 0;padding:.4rem .75rem;background:var(--soft);border-left:4px solid var(--brand);white-space:pre-line;overflow-wrap:anywhere}
.person-facts{display:grid;grid-template-columns:minmax(0,1fr);gap:.1rem 1rem;margin:0 0 1rem}
.person-facts dt{font-weight:600}
.person-facts dd{margin:0 0 .5rem;overflow-wrap:anywhere}
@media (min-width:48rem){.person-facts{grid-template-columns:14rem minmax(0,1fr)}.person-facts dd{margin:0}}
.radios-inline .radios{display:flex;flex-wrap:wrap;gap:0 1.5rem}
.today-counts{list-style:none;display:grid;grid-template-columns:repeat(auto-fit,minmax(9.5rem,1fr));gap:.5rem;margin:0 0 1rem;padding:0}
.today-counts a{display:flex;flex-direction:column;min-height:44px;padding:.6rem .8rem;border:2px solid var(--brand);border-radius:6px;text-decoration:none}
.today-counts strong{font-size:1.6rem;line-height:1.1}
.card>h3:first-child{margin-top:0}
@media print{.screen-only{display:none}.label-sheet{grid-template-columns:1fr 1fr;gap:0}.machine-label{height:66mm;padding:4mm;border:.2mm dashed #999;gap:3mm}.label-qr{width:36mm}.label-name{font-size:13pt}.label-code{font-size:14pt}.label-hint{font-size:9pt}.label-url{font-size:7pt;white-space:nowrap}}
.target-summary{border-left:6px solid var(--ok);background:var(--ok-bg);padding:1rem;margin:0 0 1.25rem}
.target-late{border-left-color:var(--warn);background:var(--warn-bg)}
.target-big{font-size:1.35rem;margin:0 0 .5rem}
.target-big strong{font-size:2.6rem;line-height:1;display:block}
.target-pace{font-weight:600;margin:.5rem 0 .25rem}
.target-chart{margin:0 0 1.5rem}
.target-chart svg{display:block;width:100%;max-width:50rem;height:auto}
.target-table th,.target-table td{overflow-wrap:normal}
.week-nav{display:flex;flex-wrap:wrap;justify-content:space-between;gap:.25rem 1rem;margin:0 0 .5rem}
.week-nav a{display:inline-flex;align-items:center;min-height:44px}
.week-nav a:last-child{margin-left:auto}
.day h3{margin:1rem 0 .4rem}
.segs{list-style:none;margin:0;padding:0}
.seg{display:flex;flex-wrap:wrap;align-items:center;gap:.25rem .75rem;min-height:44px;margin:0 0 .35rem;padding:.35rem .5rem .35rem .75rem;border-left:6px solid var(--line);background:var(--soft)}
.seg-times{font-weight:700;font-variant-numeric:tabular-nums;white-space:nowrap}
.seg-what{flex:1 1 4rem}
.seg-free{border-left-color:var(--ok);background:var(--ok-bg)}
.seg-closed{border-left-color:var(--bad);background:var(--bad-bg)}
.seg-maintenance{border-left-color:var(--warn);background:var(--warn-bg)}
.seg-mine{border-left-color:var(--brand);background:#fff;border:1px solid var(--brand);border-left-width:6px}
.seg-past{background:#fff;color:var(--muted)}
.seg-pick{padding:.35rem .9rem}
@media (min-width:48rem){.week{display:grid;grid-template-columns:repeat(auto-fill,minmax(17rem,1fr));gap:0 1.25rem}}
.repeat{margin-top:.5rem;padding:.75rem 0 0 .75rem;border-left:4px solid var(--line)}
.refused{color:var(--ink)}
.day-grid .range{display:flex;flex-wrap:wrap;align-items:center;gap:.25rem .5rem;margin:0 0 .5rem}
.day-grid .range label{font-weight:400;margin:0}
.day-grid .range input{width:5.5rem;min-height:44px;font:inherit;padding:.45rem .6rem;border:2px solid var(--ink);border-radius:3px}
.day-grid .range .error-message{flex-basis:100%}
`;
