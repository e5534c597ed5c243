using CharRnnLsp.Server.Completion;
using CharRnnLsp.Server.Documents;
using CharRnnLsp.Server.Model;
using CharRnnLsp.Server.Tests.Fakes;

namespace CharRnnLsp.Server.Tests;

public class DocumentModelStatesTests
{
    private static TextDocument Document(string text, long generation = 0) =>
        new("file:///a.c", "c", 1, DocumentText.From(text), generation);

    private static LoadedModel Loaded(ScriptedModel model, long version = 1) => new(model, version);

    [Fact]
    public void The_cursor_reads_the_separator_then_the_window_text()
    {
        var model = Loaded(new ScriptedModel(""));
        var cache = new DocumentModelStates(interval: 16, maxStates: 64);
        string text = string.Concat(Enumerable.Range(0, 20).Select(i => $"line {i}\n"));
        var cursor = (ScriptedModel.Cursor)cache.CursorAt(Document(text), model, 8, 100, default, out int fed);
        Assert.Equal("\u001C" + text[8..100], cursor.Read);
        Assert.Equal(92, fed);
    }

    [Fact]
    public void A_keystroke_after_a_request_feeds_only_the_new_characters()
    {
        var model = Loaded(new ScriptedModel(""));
        var cache = new DocumentModelStates(interval: 16, maxStates: 64);
        string text = new string('a', 300);
        cache.CursorAt(Document(text), model, 0, 250, default, out _);
        cache.Invalidate(250, 1); // typing at the cursor
        var typed = Document(text.Insert(250, "b"), 1);
        var cursor = (ScriptedModel.Cursor)cache.CursorAt(typed, model, 0, 251, default, out int fed);
        Assert.Equal(1, fed);
        Assert.Equal("\u001C" + typed.Text.Slice(0, 251), cursor.Read);
    }

    [Fact]
    public void An_edit_drops_the_states_after_it_and_resumes_from_the_snapshot_before_it()
    {
        var model = Loaded(new ScriptedModel(""));
        var cache = new DocumentModelStates(interval: 16, maxStates: 64);
        string text = new string('a', 200);
        cache.CursorAt(Document(text), model, 0, 200, default, out _);
        cache.Invalidate(40, 1);
        var edited = Document(text[..40] + "XYZ" + text[40..], 1);
        var cursor = (ScriptedModel.Cursor)cache.CursorAt(edited, model, 0, 150, default, out int fed);
        Assert.Equal(150 - 32, fed); // the last snapshot at or before the edit is at 32
        Assert.Equal("\u001C" + edited.Text.Slice(0, 150), cursor.Read);
    }

    [Fact]
    public void A_burst_of_warm_up_requests_for_one_window_reads_it_once()
    {
        var scripted = new ScriptedModel("");
        var model = Loaded(scripted);
        var cache = new DocumentModelStates(interval: 16, maxStates: 64);
        var document = Document(new string('a', 300));
        ThreadPool.GetMinThreads(out int workers, out int io);
        ThreadPool.SetMinThreads(Math.Max(workers, 8), io); // duplicates, were any queued, would run side by side
        scripted.ReadAllowed.Reset(); // the first warm-up has not saved a state yet when the next keystrokes ask again
        for (int i = 0; i < 3; i++) cache.WarmInBackground(document, model, 100, 300);
        Thread.Sleep(100);
        scripted.ReadAllowed.Set();
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (scripted.CharsFed < 200 && DateTime.UtcNow < deadline) Thread.Sleep(10);
        Thread.Sleep(200); // time for a second warm-up, were one queued, to read as well
        Assert.Equal(200, scripted.CharsFed);
        Assert.True(cache.HasChain(100));
        cache.WarmInBackground(document, model, 100, 300); // the window has states now: nothing to do
        Thread.Sleep(100);
        Assert.Equal(200, scripted.CharsFed);
    }

    [Fact]
    public void Work_on_an_older_text_leaves_no_states_behind()
    {
        var model = Loaded(new ScriptedModel(""));
        var cache = new DocumentModelStates(interval: 16, maxStates: 64);
        var old = Document(new string('a', 100));
        cache.Invalidate(0, 1);
        cache.CursorAt(old, model, 0, 100, default, out _);
        Assert.Equal(0, cache.StateCount);
    }

    [Fact]
    public void A_new_model_version_starts_over_and_an_older_one_neither_reads_nor_writes_states()
    {
        var scripted = new ScriptedModel("");
        var cache = new DocumentModelStates(interval: 16, maxStates: 64);
        var document = Document(new string('a', 100));
        cache.CursorAt(document, Loaded(scripted, version: 1), 0, 100, default, out _);

        // The same model object reloaded is another version: what version 1 computed is not reused.
        cache.CursorAt(document, Loaded(scripted, version: 2), 0, 100, default, out int fedByNewer);
        Assert.Equal(100, fedByNewer);
        int kept = cache.StateCount;

        // A request that still holds version 1 reads from scratch and leaves version 2's states as they were.
        cache.CursorAt(document, Loaded(scripted, version: 1), 0, 60, default, out int fedByOlder);
        Assert.Equal(60, fedByOlder);
        Assert.Equal(kept, cache.StateCount);
        cache.CursorAt(document, Loaded(scripted, version: 2), 0, 100, default, out int fedAgain);
        Assert.Equal(0, fedAgain);
    }

    [Fact]
    public void The_number_of_states_is_capped()
    {
        var model = Loaded(new ScriptedModel(""));
        var cache = new DocumentModelStates(interval: 16, maxStates: 10);
        var doc = Document(new string('a', 5000));
        for (int start = 0; start < 5000; start += 1000) cache.CursorAt(doc, model, start, start + 900, default, out _);
        Assert.True(cache.StateCount <= 10, $"{cache.StateCount} states");
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(3999, 0)]
    [InlineData(4000, 2000)]
    [InlineData(5999, 2000)]
    [InlineData(6000, 4000)]
    public void Window_starts_move_in_steps_of_context_chars(int cursor, int start)
    {
        Assert.Equal(start, ContextWindow.StartFor(cursor, 2000));
    }
}
