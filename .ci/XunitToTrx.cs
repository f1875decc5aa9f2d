// Converts an xunit v2 XML report into a TRX file (the format .ci/run counts), test by test: each <test> becomes a
// UnitTestResult with its outcome, duration and failure message, and the Counters are counted from those results.
// Built and run under Mono by packaging-checks.sh: mcs XunitToTrx.cs && mono XunitToTrx.exe IN.xml OUT.trx NAME
using System;
using System.Globalization;
using System.Linq;
using System.Xml.Linq;

internal static class XunitToTrx
{
    private static readonly XNamespace Ns = "http://microsoft.com/schemas/VisualStudio/TeamTest/2010";
    private const string TestType = "13cdc9d9-ddb5-4fa4-a97d-d965ccfc6d4b";
    private const string ListId = "8c84fa94-04c1-424b-9868-57a2d4851a1d";

    private static int Main(string[] args)
    {
        if (args.Length != 3)
        {
            Console.Error.WriteLine("usage: XunitToTrx.exe XUNIT.xml OUT.trx RUN_NAME");
            return 2;
        }

        XDocument xunit = XDocument.Load(args[0]);
        var tests = xunit.Descendants("test").Select(t => new
        {
            Name = (string)t.Attribute("name"),
            ClassName = (string)t.Attribute("type"),
            Method = (string)t.Attribute("method"),
            Seconds = double.Parse((string)t.Attribute("time") ?? "0", CultureInfo.InvariantCulture),
            Outcome = Outcome((string)t.Attribute("result")),
            Message = (string)t.Element("failure")?.Element("message") ?? (string)t.Element("reason"),
            Stack = (string)t.Element("failure")?.Element("stack-trace"),
            Id = Guid.NewGuid().ToString(),
            ExecutionId = Guid.NewGuid().ToString(),
        }).ToList();
        int errors = xunit.Descendants("errors").Elements("error").Count();
        int passed = tests.Count(t => t.Outcome == "Passed");
        int failed = tests.Count(t => t.Outcome == "Failed");
        int skipped = tests.Count(t => t.Outcome == "NotExecuted");
        string now = DateTime.UtcNow.ToString("o", CultureInfo.InvariantCulture);

        var trx = new XDocument(new XElement(Ns + "TestRun",
            new XAttribute("id", Guid.NewGuid().ToString()),
            new XAttribute("name", args[2]),
            new XElement(Ns + "Times", new XAttribute("creation", now), new XAttribute("start", now), new XAttribute("finish", now)),
            new XElement(Ns + "Results", tests.Select(t => new XElement(Ns + "UnitTestResult",
                new XAttribute("executionId", t.ExecutionId),
                new XAttribute("testId", t.Id),
                new XAttribute("testName", t.Name),
                new XAttribute("computerName", Environment.MachineName),
                new XAttribute("duration", TimeSpan.FromSeconds(t.Seconds).ToString("c", CultureInfo.InvariantCulture)),
                new XAttribute("outcome", t.Outcome),
                new XAttribute("testType", TestType),
                new XAttribute("testListId", ListId),
                t.Message == null ? null : new XElement(Ns + "Output", new XElement(Ns + "ErrorInfo",
                    new XElement(Ns + "Message", t.Message),
                    t.Stack == null ? null : new XElement(Ns + "StackTrace", t.Stack)))))),
            new XElement(Ns + "TestDefinitions", tests.Select(t => new XElement(Ns + "UnitTest",
                new XAttribute("name", t.Name),
                new XAttribute("id", t.Id),
                new XElement(Ns + "Execution", new XAttribute("id", t.ExecutionId)),
                new XElement(Ns + "TestMethod", new XAttribute("className", t.ClassName), new XAttribute("name", t.Method), new XAttribute("adapterTypeName", "executor://xunit/VsTestRunner2/net"))))),
            new XElement(Ns + "TestLists", new XElement(Ns + "TestList", new XAttribute("name", "Results Not in a List"), new XAttribute("id", ListId))),
            new XElement(Ns + "ResultSummary",
                new XAttribute("outcome", failed + errors == 0 ? "Completed" : "Failed"),
                new XElement(Ns + "Counters",
                    new XAttribute("total", tests.Count),
                    new XAttribute("executed", passed + failed),
                    new XAttribute("passed", passed),
                    new XAttribute("failed", failed + errors),
                    new XAttribute("error", errors),
                    new XAttribute("timeout", 0),
                    new XAttribute("aborted", 0),
                    new XAttribute("inconclusive", 0),
                    new XAttribute("passedButRunAborted", 0),
                    new XAttribute("notRunnable", 0),
                    new XAttribute("notExecuted", skipped),
                    new XAttribute("disconnected", 0),
                    new XAttribute("warning", 0),
                    new XAttribute("completed", 0),
                    new XAttribute("inProgress", 0),
                    new XAttribute("pending", 0)))));
        trx.Save(args[1]);
        Console.WriteLine($"{tests.Count} tests, {passed} passed, {failed + errors} failed, {skipped} skipped");
        return 0;
    }

    private static string Outcome(string result)
    {
        switch (result)
        {
            case "Pass": return "Passed";
            case "Fail": return "Failed";
            case "Skip": return "NotExecuted";
            default: throw new FormatException("unknown xunit result '" + result + "'");
        }
    }
}
