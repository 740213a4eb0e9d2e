/*
 * Draws every <canvas data-grafico="ID"> from the JSON in <script id="ID" type="application/json">
 * (written by {% grafico %}, templates/includes/grafico.html) with the vendored Chart.js. The table
 * next to the canvas holds the same figures and stays the source of truth: the canvas is aria-hidden.
 * Included by every chart component (defer): the first copy loads Chart.js once (the URL is in the
 * canvas's data-chartjs) and draws every canvas; later copies find the work done.
 */
(function () {
  "use strict";

  if (window.ambitoGrafici) {
    window.ambitoGrafici();
    return;
  }

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
        labels: dati.etichette_asse || dati.etichette,
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
              title: function (voci) { return voci.length ? dati.etichette[voci[0].dataIndex] : ""; },
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

  var caricamento = null;

  // Chart.js is loaded once, from our own origin, only on pages that have a chart.
  function conChart(callback) {
    if (typeof window.Chart !== "undefined") {
      callback();
      return;
    }
    var canvas = document.querySelector("canvas[data-chartjs]");
    if (!canvas) {
      return;
    }
    if (!caricamento) {
      caricamento = document.createElement("script");
      caricamento.src = canvas.dataset.chartjs;
      document.head.appendChild(caricamento);
    }
    caricamento.addEventListener("load", callback);
  }

  function disegnaTutti() {
    conChart(function () {
      document.querySelectorAll("canvas[data-grafico]").forEach(disegna);
    });
  }
  window.ambitoGrafici = disegnaTutti;

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", disegnaTutti);
  } else {
    disegnaTutti();
  }
  // Charts inside a fragment swapped in by htmx.
  document.addEventListener("htmx:afterSettle", disegnaTutti);
})();
