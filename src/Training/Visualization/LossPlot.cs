using System.Globalization;
using System.Text;

namespace CharRnnLsp.Training.Visualization;

/// <summary>Training and validation loss against iteration, as an inline SVG (no scripts, no network).</summary>
public static class LossPlot
{
    public static string Svg(IReadOnlyList<EvaluationRecord> history, int width = 640, int height = 240)
    {
        if (history.Count == 0) return "<p>No evaluations recorded in this checkpoint.</p>";
        const int pad = 40;
        double maxIter = Math.Max(1, history.Max(h => h.Iteration));
        var losses = history.SelectMany(h => new[] { h.TrainLoss, h.ValLoss }).Where(double.IsFinite).ToList();
        double lo = losses.Min(), hi = Math.Max(losses.Max(), lo + 1e-6);
        string X(double iter) => F(pad + (width - 2 * pad) * iter / maxIter);
        string Y(double loss) => F(height - pad - (height - 2 * pad) * (loss - lo) / (hi - lo));
        string Line(Func<EvaluationRecord, double> pick) => string.Join(" ",
            history.Where(h => double.IsFinite(pick(h))).Select(h => $"{X(h.Iteration)},{Y(pick(h))}"));
        var svg = new StringBuilder();
        svg.Append($"<svg class=\"loss-plot\" xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\">");
        svg.Append($"<rect x=\"0\" y=\"0\" width=\"{width}\" height=\"{height}\" fill=\"#fff\"/>");
        svg.Append($"<line x1=\"{pad}\" y1=\"{height - pad}\" x2=\"{width - pad}\" y2=\"{height - pad}\" stroke=\"#999\"/>");
        svg.Append($"<line x1=\"{pad}\" y1=\"{pad}\" x2=\"{pad}\" y2=\"{height - pad}\" stroke=\"#999\"/>");
        svg.Append($"<text x=\"{pad}\" y=\"{pad - 8}\" font-size=\"11\">{F(hi)} nats/char</text>");
        svg.Append($"<text x=\"{pad}\" y=\"{height - pad + 14}\" font-size=\"11\">{F(lo)} nats/char; iteration 0</text>");
        svg.Append($"<text x=\"{width - pad}\" y=\"{height - pad + 14}\" font-size=\"11\" text-anchor=\"end\">{maxIter:0}</text>");
        svg.Append($"<polyline class=\"train\" fill=\"none\" stroke=\"#d62728\" stroke-width=\"2\" points=\"{Line(h => h.TrainLoss)}\"/>");
        svg.Append($"<polyline class=\"val\" fill=\"none\" stroke=\"#1f77b4\" stroke-width=\"2\" points=\"{Line(h => h.ValLoss)}\"/>");
        svg.Append($"<text x=\"{width - pad}\" y=\"{pad}\" font-size=\"11\" text-anchor=\"end\" fill=\"#d62728\">train (running mean)</text>");
        svg.Append($"<text x=\"{width - pad}\" y=\"{pad + 14}\" font-size=\"11\" text-anchor=\"end\" fill=\"#1f77b4\">validation</text>");
        svg.Append("</svg>");
        return svg.ToString();
    }

    private static string F(double v) => v.ToString("0.###", CultureInfo.InvariantCulture);
}
