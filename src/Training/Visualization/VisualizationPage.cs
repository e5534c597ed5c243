using System.Net;
using System.Text;
using System.Text.Json;
using CharRnnLsp.Core.Data;
using CharRnnLsp.Core.Evaluation;
using CharRnnLsp.Core.Model;

namespace CharRnnLsp.Training.Visualization;

/// <summary>
/// One self-contained HTML file (no network): the text, each character coloured by a chosen cell's activation,
/// under each character the model's top-5 guesses for the next one coloured by probability, a layer and
/// cell picker, the most selective cells linked as #cell=LAYER.UNIT, the loss curves and the sample log.
/// </summary>
public static class VisualizationPage
{
    public static string Render(string title, ModelConfig config, Vocabulary vocabulary, int[] tokens, CellTrace trace,
        IReadOnlyList<SelectiveCell> cells, TrainingProgress? progress)
    {
        int n = Math.Min(tokens.Length, trace.Length);
        var activations = new byte[n * trace.Cells];
        for (int i = 0; i < activations.Length; i++)
            activations[i] = (byte)(sbyte)Math.Round(Math.Clamp(trace.Activations[i], -1f, 1f) * 127);
        var data = new
        {
            layers = config.Layers,
            hidden = config.HiddenSize,
            text = tokens.Take(n).Select(vocabulary.Decode).ToArray(),
            actual = trace.ActualProbability.Take(n).Select(p => float.IsNaN(p) ? -1 : (int)Math.Round(p * 100)).ToArray(),
            top = Enumerable.Range(0, n).Select(i => Enumerable.Range(0, CellTrace.TopK)
                .Select(k => vocabulary.Decode(trace.TopSymbols[i * CellTrace.TopK + k])).ToArray()).ToArray(),
            topProb = Enumerable.Range(0, n).Select(i => Enumerable.Range(0, CellTrace.TopK)
                .Select(k => (int)Math.Round(trace.TopProbabilities[i * CellTrace.TopK + k] * 100)).ToArray()).ToArray(),
            activations = Convert.ToBase64String(activations),
            cells = cells.Select(c => new { feature = c.Feature, layer = c.Layer, unit = c.Unit, r = Math.Round(c.Correlation, 3) }).ToArray(),
        };
        string json = JsonSerializer.Serialize(data).Replace("</", "<\\/");
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>").Append(WebUtility.HtmlEncode(title)).Append("</title>");
        html.Append("<style>").Append(Style).Append("</style></head><body>");
        html.Append("<h1>").Append(WebUtility.HtmlEncode(title)).Append("</h1>");
        html.Append($"<p class=\"model\">{config.Cell.ToString().ToUpperInvariant()} {config.Layers}x{config.HiddenSize}, vocabulary {config.VocabSize}. ");
        html.Append("Characters are coloured by the selected cell (red positive, blue negative); under each, the model's five best guesses for the next character, greener for more probable; the character's underline shows the probability the model gave it.</p>");
        html.Append("<div class=\"controls\">layer <select id=\"layer\"></select> cell <input id=\"unit\" type=\"number\" min=\"0\" value=\"0\"> <span id=\"current\"></span></div>");
        html.Append("<h2>Most selective cells</h2><table id=\"cells\"><tr><th>feature</th><th>cell</th><th>correlation</th></tr>");
        foreach (var c in cells)
            html.Append($"<tr><td>{WebUtility.HtmlEncode(c.Feature)}</td><td><a href=\"#cell={c.Layer}.{c.Unit}\">layer {c.Layer}, cell {c.Unit}</a></td><td>{c.Correlation:+0.000;-0.000}</td></tr>");
        html.Append("</table><h2>Text</h2><div id=\"text\"></div>");
        if (progress is not null)
        {
            html.Append("<h2>Training history</h2>").Append(LossPlot.Svg(progress.History));
            html.Append("<h2>Samples during training</h2>");
            foreach (var s in progress.Samples)
                html.Append($"<h3>iteration {s.Iteration} (val loss {s.ValLoss:F3})</h3><pre class=\"sample\">{WebUtility.HtmlEncode(s.Text.Replace("\u001C", "\n"))}</pre>");
        }
        html.Append("<script type=\"application/json\" id=\"data\">").Append(json).Append("</script>");
        html.Append("<script>").Append(Script).Append("</script></body></html>");
        return html.ToString();
    }

    private const string Style = """
        body { font-family: sans-serif; margin: 1em 2em; }
        #text { font-family: monospace; line-height: 1; display: flex; flex-wrap: wrap; }
        .col { display: inline-flex; flex-direction: column; margin: 0 1px 6px 0; }
        .ch { white-space: pre; padding: 2px 1px; min-width: 0.6em; text-align: center; border-bottom: 3px solid transparent; }
        .g { font-size: 9px; white-space: pre; text-align: center; min-width: 0.6em; }
        .br { flex-basis: 100%; height: 0; }
        pre.sample { background: #f6f6f6; padding: 6px; white-space: pre-wrap; }
        table { border-collapse: collapse; } td, th { padding: 2px 8px; border-bottom: 1px solid #ddd; }
        """;

    private const string Script = """
        const data = JSON.parse(document.getElementById('data').textContent);
        const raw = atob(data.activations);
        const act = new Int8Array(raw.length);
        for (let i = 0; i < raw.length; i++) act[i] = raw.charCodeAt(i) << 24 >> 24;
        const cellsPerChar = data.layers * data.hidden;
        const show = s => s === '\n' ? '\u21b5' : s === '\u001c' ? '\u241c' : s === ' ' ? '\u00b7' : s;
        const text = document.getElementById('text');
        const chars = [];
        data.text.forEach((s, i) => {
          const col = document.createElement('span'); col.className = 'col';
          const ch = document.createElement('span'); ch.className = 'ch'; ch.textContent = s === '\n' ? '\u21b5' : s;
          ch.dataset.i = i;
          if (data.actual[i] >= 0) ch.style.borderBottomColor = `rgba(0,150,0,${data.actual[i] / 100})`;
          col.appendChild(ch);
          data.top[i].forEach((g, k) => {
            const e = document.createElement('span'); e.className = 'g'; e.textContent = show(g);
            e.style.backgroundColor = `rgba(0,170,0,${data.topProb[i][k] / 100})`;
            e.title = `${data.topProb[i][k]}%`;
            col.appendChild(e);
          });
          text.appendChild(col); chars.push(ch);
          if (s === '\n') { const br = document.createElement('span'); br.className = 'br'; text.appendChild(br); }
        });
        const layerSelect = document.getElementById('layer'), unitInput = document.getElementById('unit');
        for (let l = 0; l < data.layers; l++) layerSelect.add(new Option(String(l), String(l)));
        unitInput.max = data.hidden - 1;
        function colour(a) {
          const v = Math.round(255 * (1 - Math.abs(a)));
          return a >= 0 ? `rgb(255,${v},${v})` : `rgb(${v},${v},255)`;
        }
        function select(layer, unit) {
          layer = Math.max(0, Math.min(data.layers - 1, layer | 0)); unit = Math.max(0, Math.min(data.hidden - 1, unit | 0));
          layerSelect.value = String(layer); unitInput.value = String(unit);
          const offset = layer * data.hidden + unit;
          chars.forEach((ch, i) => ch.style.backgroundColor = colour(act[i * cellsPerChar + offset] / 127));
          document.getElementById('current').textContent = `showing layer ${layer}, cell ${unit}`;
        }
        function fromHash() {
          const m = /cell=(\d+)\.(\d+)/.exec(location.hash);
          if (m) select(+m[1], +m[2]); else if (data.cells.length) select(data.cells[0].layer, data.cells[0].unit); else select(0, 0);
        }
        layerSelect.onchange = unitInput.onchange = () => { location.hash = `cell=${layerSelect.value}.${unitInput.value}`; };
        window.addEventListener('hashchange', fromHash);
        fromHash();
        """;
}
