import Testing
@testable import theorycheck

@Suite("ArgumentParser")
struct ArgumentParserTests {
    static let spec = CommandSpec(name: "sweep", synopsis: "", help: "", valueOptions: ["--shard", "--out"],
                                  flags: ["--dry"], positionals: 1...1, positionalName: "experiment")

    @Test func optionsFlagsAndPositionals() throws {
        let a = try ArgumentParser.parse(["ntk", "--shard", "2/3", "--out=x.json", "--dry"], for: Self.spec)
        #expect(a.positionals == ["ntk"])
        #expect(a.value("--shard") == "2/3" && a.value("--out") == "x.json")
        #expect(a.flags == ["--dry"])
        #expect(!a.wantsHelp)
        // After `--` everything is positional, even what looks like an option.
        let b = try ArgumentParser.parse(["--", "--odd-name"], for: Self.spec)
        #expect(b.positionals == ["--odd-name"])
        // The last of a repeated option wins.
        #expect(try ArgumentParser.parse(["e", "--out", "a", "--out", "b"], for: Self.spec).value("--out") == "b")
    }

    @Test func helpSkipsTheArityCheck() throws {
        #expect(try ArgumentParser.parse(["--help"], for: Self.spec).wantsHelp)
        #expect(try ArgumentParser.parse(["-h", "a", "b"], for: Self.spec).wantsHelp)
    }

    @Test(arguments: [
        (["e", "--bogus"], "unknown option '--bogus'"),
        (["e", "--shard"], "--shard needs a value"),
        (["e", "--shard", "--out", "f"], "--shard needs a value"),
        (["e", "--dry=1"], "--dry takes no value"),
        ([], "takes 1 experiment(s), got 0"),
        (["a", "b"], "takes 1 experiment(s), got 2"),
    ])
    func usageErrorsNameTheProblem(arguments: [String], message: String) {
        do {
            _ = try ArgumentParser.parse(arguments, for: Self.spec)
            Issue.record("\(arguments) was accepted")
        } catch {
            #expect(error.message.contains(message), "\(error.message)")
            #expect(error.command?.name == "sweep")
        }
    }
}
