// Marks the page as scripted before the NHS.UK components initialise (kept out of the HTML so
// the Content Security Policy can forbid inline scripts).
document.body.className += " js-enabled" + ("noModule" in HTMLScriptElement.prototype ? " nhsuk-frontend-supported" : "");
