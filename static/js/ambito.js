/*
 * Ambito: the little behaviour the pages need. Loaded with `defer` on every page, before the
 * Bootstrap Italia bundle and htmx.
 * The CSP forbids inline scripts and style= attributes, so behaviour is declared in HTML with
 * htmx attributes or the data attributes below.
 *
 *   <form data-conferma="Revocare l'accesso?">   asks for confirmation before submitting;
 *   <div class="progress-bar" data-progresso="40">  sets the bar's width (0-100) and aria-valuenow.
 */
// Loaded before the Bootstrap Italia bundle: its bundled video.js would otherwise inject a <style>
// element, which the CSP blocks (its styles are already in bootstrap-italia.min.css).
window.VIDEOJS_NO_DYNAMIC_STYLE = true;

(function () {
  "use strict";

  function csrfToken() {
    var meta = document.querySelector('meta[name="csrf-token"]');
    return meta ? meta.getAttribute("content") : "";
  }

  // Every htmx request that changes something carries Django's CSRF token.
  document.addEventListener("htmx:configRequest", function (event) {
    var token = csrfToken();
    if (token) {
      event.detail.headers["X-CSRFToken"] = token;
    }
  });

  // A failed htmx request tells the user instead of failing silently.
  document.addEventListener("htmx:responseError", function (event) {
    var status = event.detail.xhr ? event.detail.xhr.status : 0;
    var text = status === 403 ? "Operazione non consentita per il tuo ruolo."
      : status === 404 ? "L'elemento richiesto non esiste più."
        : "Si è verificato un errore. Riprova tra qualche minuto.";
    mostraAvviso(text);
  });
  document.addEventListener("htmx:sendError", function () {
    mostraAvviso("Impossibile contattare il server. Controlla la connessione e riprova.");
  });

  function mostraAvviso(testo) {
    var main = document.getElementById("contenuto");
    if (!main) {
      return;
    }
    var avviso = document.createElement("div");
    avviso.className = "alert alert-danger";
    avviso.setAttribute("role", "alert");
    avviso.textContent = testo;
    main.insertBefore(avviso, main.firstChild);
  }

  // Forms that need a confirmation.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var domanda = form && form.getAttribute ? form.getAttribute("data-conferma") : null;
    if (domanda && !window.confirm(domanda)) {
      event.preventDefault();
      event.stopImmediatePropagation();
    }
  }, true);

  // Fields that concern only some roles: <div data-mostra-per-ruolo="partner"> is shown when the form's
  // select[name=ruolo] has one of those values; hidden, its inputs are disabled so they are not sent.
  function aggiornaCampiPerRuolo(form) {
    var scelta = form.querySelector('select[name="ruolo"]');
    if (!scelta) {
      return;
    }
    var blocchi = form.querySelectorAll("[data-mostra-per-ruolo]");
    Array.prototype.forEach.call(blocchi, function (blocco) {
      var mostra = blocco.getAttribute("data-mostra-per-ruolo").split(" ").indexOf(scelta.value) !== -1;
      blocco.hidden = !mostra;
      Array.prototype.forEach.call(blocco.querySelectorAll("input, select, textarea"), function (campo) {
        campo.disabled = !mostra;
      });
    });
  }
  document.addEventListener("change", function (event) {
    if (event.target.name === "ruolo" && event.target.form) {
      aggiornaCampiPerRuolo(event.target.form);
    }
  });
  document.addEventListener("DOMContentLoaded", function () {
    Array.prototype.forEach.call(document.querySelectorAll("form"), aggiornaCampiPerRuolo);
  });

  // Progress bars: width from data-progresso (CSSOM is allowed by the CSP, style= is not).
  function aggiornaProgressi(radice) {
    var barre = (radice || document).querySelectorAll("[data-progresso]");
    Array.prototype.forEach.call(barre, function (barra) {
      var valore = Math.max(0, Math.min(100, parseInt(barra.getAttribute("data-progresso"), 10) || 0));
      barra.style.width = valore + "%";
      barra.setAttribute("aria-valuenow", String(valore));
    });
  }
  document.addEventListener("DOMContentLoaded", function () { aggiornaProgressi(document); });
  document.addEventListener("htmx:load", function (event) { aggiornaProgressi(event.target); });
})();
