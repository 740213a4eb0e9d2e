/*
 * Draws every <canvas data-grafico="ID"> from the JSON in <script id="ID" type="application/json">
 * (written by {% grafico %}, templates/includes/grafico.html) with the vendored Chart.js. The table
 * next to the canvas holds the same figures and stays the source of truth: the canvas is aria-hidden.
 * Loaded once per chart component (defer): each canvas is drawn once.
 */
(function () {
  "use strict";

  // Bootstrap Italia's palette: primary blue, then colours that stay distinct for colour-blind readers.
  var COLORI = ["#0066cc", "#d9364f", "#008758", "#a66300", "#5c6f82", "#7a3eb1"];
  var EURO = new Intl.NumberFormat("it-IT", { style: "currency", currency: "EUR" });
  var NUMERO = new Intl.NumberFormat("it-IT");

  function disegna(canvas) {
    if (canvas.dataset.disegnato || typeof window.Chart === "undefined") {
      return;
    }
    var sorgente = document.getElementById(canvas.dataset.grafico);
    if (!sorgente) {
      return;
    }
    var dati = JSON.parse(sorgente.textContent);
    var formato = dati.unita === "euro" ? EURO : NUMERO;
    canvas.dataset.disegnato = "1";
    new window.Chart(canvas, {
      type: dati.tipo,
      data: {
        labels: dati.etichette,
        datasets: dati.serie.map(function (serie, i) {
          var colore = COLORI[i % COLORI.length];
          return {
            label: serie.nome,
            data: serie.valori.map(function (v) { return v === null ? null : Number(v); }),
            backgroundColor: colore,
            borderColor: colore,
            borderWidth: dati.tipo === "line" ? 2 : 0,
            fill: false
          };
        })
      },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        locale: "it-IT",
        plugins: {
          legend: { position: "bottom" },
          tooltip: {
            callbacks: {
              label: function (ctx) { return ctx.dataset.label + ": " + formato.format(ctx.parsed.y); }
            }
          }
        },
        scales: {
          y: { beginAtZero: true, ticks: { callback: function (v) { return formato.format(v); } } }
        }
      }
    });
  }

  function disegnaTutti() {
    document.querySelectorAll("canvas[data-grafico]").forEach(disegna);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", disegnaTutti);
  } else {
    disegnaTutti();
  }
  // Charts inside a fragment swapped in by htmx.
  document.addEventListener("htmx:afterSettle", disegnaTutti);
})();
