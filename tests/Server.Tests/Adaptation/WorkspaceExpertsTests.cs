using CharRnnLsp.Server.Completion.Adaptation;

namespace CharRnnLsp.Server.Tests.Adaptation;

public class WorkspaceExpertsTests
{
    [Fact]
    public void Requests_bring_the_experts_to_their_cursor_through_edits()
    {
        var f = new AdaptationFixture();
        var other = f.Open("file:///other.c", "int n;\n");
        var document = f.Open("file:///a.c", AdaptationFixture.Corpus);
        var vocabulary = f.Trained.Vocabulary;
        var experts = WorkspaceExperts.Build(document, 20, [other.Text], vocabulary, cache: true, match: true, CancellationToken.None);
        int[] Expected(string text, int offset) => [.. vocabulary.Encode("int n;\n\u001C"), .. vocabulary.Encode(text[..offset])];

        using (var lease = experts.Acquire(document, 30)!)
        {
            Assert.Equal(Expected(AdaptationFixture.Corpus, 30), lease.Recent.ToArray());
            Assert.Equal(lease.Recent.ToArray(), lease.Match!.Index.Text.ToArray());
        }
        var edited = f.Edit("file:///a.c", 7, 3, "unsigned");
        experts.NoteEdit(edited.Generation, 7);
        Assert.Null(experts.Acquire(document, 25));  // an older text than the newest edit: not served
        using (var lease = experts.Acquire(edited, 25)!)
            Assert.Equal(Expected(edited.Text.ToString(), 25), lease.Recent.ToArray());
        // The cache counts what the text holds: "int" (7..10) was replaced, so "unsigned" follows "static ".
        using (var lease = experts.Acquire(edited, 40)!)
        {
            var history = vocabulary.Encode("static ");
            Assert.Equal(1, lease.Cache!.CountOf(history, 6, vocabulary.IndexOf('u')));
            Assert.Equal(0, lease.Cache!.CountOf(history, 6, vocabulary.IndexOf('i')));
        }
    }

    [Fact]
    public void A_cursor_far_from_the_experts_marks_them_stale_instead_of_catching_up_on_the_request()
    {
        var f = new AdaptationFixture();
        string text = new string('a', WorkspaceExperts.MaxSyncChars + 100);
        var document = f.Open("file:///a.c", text);
        var experts = WorkspaceExperts.Build(document, 0, [], f.Trained.Vocabulary, cache: true, match: true, CancellationToken.None);
        Assert.Null(experts.Acquire(document, text.Length));
        Assert.True(experts.Stale);
    }
}

public class DirtyRangesTests
{
    [Fact]
    public void Ranges_merge_and_move_with_edits()
    {
        var ranges = new DirtyRanges();
        ranges.Add(10, 20);
        ranges.Add(30, 40);
        ranges.Add(18, 31);
        Assert.Equal([(10, 40)], ranges.Ranges);
        ranges.Add(50, 60);
        ranges.Shift(45, -10);   // 10 chars removed at 45: the second range moves onto 45..50
        Assert.Equal([(10, 40), (45, 50)], ranges.Ranges);
        ranges.Shift(5, 3);
        Assert.Equal([(13, 43), (48, 53)], ranges.Ranges);
        Assert.Equal((13, 43), ranges.TakeFirst(100));
        Assert.Equal((48, 50), ranges.TakeFirst(50));
        Assert.Null(ranges.TakeFirst(100));
    }
}
