import Testing

@testable import FramecastCore

@Suite struct GraphiteParserTests {
    @Test func goodLinesAndTimestamps() {
        let batch = parse(
            "a.b.c 1.5 1700000000\nd.e 2 1700000060\n\nx.y 3\n", .graphite,
            options: ParseOptions(now: 42_000))
        #expect(batch.acceptedPoints == 3)
        #expect(batch.points("a.b.c").map(\.1) == [1.5])
        #expect(batch.points("a.b.c").map(\.0) == [1_700_000_000_000])
        #expect(batch.points("x.y").map(\.0) == [42_000], "a missing timestamp means now")
        #expect(batch.rejectedLines == 0)
    }

    @Test func badLinesAreReportedWithNumbersAndGoodOnesKept() {
        let text = """
            ok.one 1 1700000000
            missing.value
            bad.value abc 1700000000
            nan.value NaN 1700000000
            bad.time 1 yesterday
            far.time 1 99999999999999999999
            ok.two 2 1700000000
            quote"name 1 1700000000
            """
        let batch = parse(text, .graphite)
        #expect(batch.acceptedPoints == 2)
        #expect(batch.rejectedLines == 6)
        #expect(batch.rejections.map(\.line) == [2, 3, 4, 5, 6, 8])
        #expect(batch.rejections[0].reason == .malformed("expected 'path value [timestamp]', found 1 field"))
        #expect(batch.rejections[1].reason == .badValue("abc"))
        #expect(batch.rejections[2].reason == .nonFiniteValue)
        #expect(batch.rejections[3].reason == .badTimestamp("yesterday"))
        #expect(batch.rejections[5].reason == .forbiddenCharacter("'\"'"))
        #expect(batch.keys.map(\.canonical) == ["ok.one", "ok.two"])
    }

    @Test func tagsAreCanonicalised() {
        let batch = parse("cpu;z=1;a=2 1 1700000000\ncpu;a=2;z=1 2 1700000001\n", .graphite)
        #expect(batch.keys.count == 1)
        #expect(batch.keys[0].canonical == "cpu;a=2;z=1")
        #expect(batch.points("cpu;a=2;z=1").map(\.1) == [1, 2])
    }

    @Test func longNamesAreRejected() {
        let name = String(repeating: "a", count: 600)
        let batch = parse("\(name) 1 1700000000\n", .graphite)
        #expect(batch.rejections.first?.reason == .nameTooLong(length: 600, limit: 512))
    }
}

@Suite struct InfluxParserTests {
    @Test func fieldsBecomeSeriesWithSortedTags() {
        let batch = parse(
            "cpu,host=a,cpu=total usage_user=1.5,usage_system=2i,ok=true,state=\"fine, thanks\" 1700000000000000000\n", .influx)
        #expect(
            Set(batch.keys.map(\.canonical)) == [
                "cpu.usage_user;cpu=total;host=a", "cpu.usage_system;cpu=total;host=a", "cpu.ok;cpu=total;host=a"
            ])
        #expect(batch.points("cpu.usage_system;cpu=total;host=a").map(\.1) == [2])
        #expect(batch.points("cpu.ok;cpu=total;host=a").map(\.1) == [1])
        #expect(batch.points("cpu.usage_user;cpu=total;host=a").map(\.0) == [1_700_000_000_000])
        #expect(batch.skippedFields == 1)
        #expect(batch.rejectedLines == 0)
    }

    @Test func escapesAndPrecision() {
        var options = ParseOptions()
        options.influxPrecision = .s
        let batch = parse(#"disk\,io,path=/var\,log used=3u 1700000000"# + "\n", .influx, options: options)
        #expect(batch.keys.map(\.canonical) == ["disk,io.used;path=/var,log"])
        #expect(batch.points("disk,io.used;path=/var,log").map(\.0) == [1_700_000_000_000])
    }

    @Test func minuteAndHourPrecision() {
        var options = ParseOptions()
        options.influxPrecision = .m
        #expect(parse("m v=1 28333333\n", .influx, options: options).points("m.v").map(\.0) == [1_699_999_980_000])
        options.influxPrecision = .h
        #expect(parse("m v=1 472222\n", .influx, options: options).points("m.v").map(\.0) == [1_699_999_200_000])
        #expect(parse("m v=1 9223372036854775\n", .influx, options: options).rejectedLines == 1, "overflow is out of range")
    }

    @Test func badLinesRejectedWhole() {
        let text = """
            m v=1 1700000000000000000
            m v=1,w=nan 1700000000000000000
            m,host v=1
            m
            m v=1 notatime
            m v="unterminated
            m v=abc
            """
        let batch = parse(text, .influx)
        #expect(batch.acceptedPoints == 1)
        #expect(batch.rejections.map(\.line) == [2, 3, 4, 5, 6, 7])
        #expect(batch.rejections[0].reason == .nonFiniteValue)
        #expect(batch.rejections[5].reason == .badValue("abc"))
        #expect(batch.keys.count == 1 || batch.points("m.w").isEmpty, "no point of a rejected line is stored")
    }

    @Test func missingTimestampIsNow() {
        let batch = parse("m v=1\n", .influx, options: ParseOptions(now: 7_000))
        #expect(batch.points("m.v").map(\.0) == [7_000])
    }
}

@Suite struct CSVParserTests {
    @Test func nabStyleHeader() {
        let batch = parse("timestamp,value\n2014-07-01 00:00:00,10844\n2014-07-01 00:30:00,8127\n", .csv)
        #expect(batch.keys.map(\.canonical) == ["file"])
        #expect(batch.points("file").map(\.1) == [10844, 8127])
        #expect(batch.points("file").map(\.0) == [1_404_172_800_000, 1_404_174_600_000])
    }

    @Test func seriesColumnAndHeaderless() {
        let withHeader = parse("series,timestamp,value\na,1700000000,1\nb,1700000000,2\n", .csv)
        #expect(withHeader.keys.map(\.canonical) == ["a", "b"])
        let headerless = parse("a,1700000000,1\nb,1700000000,2\n", .csv)
        #expect(headerless.keys.map(\.canonical) == ["a", "b"])
        let twoColumns = parse("1700000000,1\n1700000060,2\n", .csv)
        #expect(twoColumns.points("file").map(\.1) == [1, 2])
    }

    @Test func wideFilesAndQuotes() {
        let batch = parse("time,\"cpu, user\",mem\n\"2014-07-01 00:00:00\",1,\n2014-07-01 00:01:00,2,5\n", .csv)
        #expect(batch.rejectedLines == 2, "the quoted comma stays in the name, whose space is refused on both rows")
        let clean = parse("time,cpu,mem\n2014-07-01 00:00:00,1,\n2014-07-01 00:01:00,2,5\n", .csv)
        #expect(clean.points("cpu").map(\.1) == [1, 2])
        #expect(clean.points("mem").map(\.1) == [5], "an empty cell is a missing point")
    }

    @Test func badRowsReportTheirFileLine() {
        let batch = parse(
            "timestamp,value\n2014-07-01 00:00:00,1\n2014-07-01 00:30:00\nnot a time,3\n2014-07-01 01:00:00,x\n2014-07-01 01:30:00,4\n",
            .csv)
        #expect(batch.acceptedPoints == 2)
        #expect(batch.rejections.map(\.line) == [3, 4, 5])
        #expect(batch.rejections[0].reason == .malformed("expected 2 fields, found 1"))
        #expect(batch.rejections[1].reason == .badTimestamp("not a time"))
        #expect(batch.rejections[2].reason == .badValue("x"))
    }
}

@Suite struct FormatDetectionTests {
    func detect(_ text: String) -> InputFormat? {
        var copy = text
        return copy.withUTF8 { InputFormat.detect(UnsafeRawBufferPointer($0)) }
    }

    @Test func detectsEachFormat() {
        #expect(detect("timestamp,value\n2014-07-01 00:00:00,1\n") == .csv)
        #expect(detect("# comment\na.b.c 1 1700000000\n") == .graphite)
        #expect(detect("cpu,host=a usage=1 1700000000000000000\n") == .influx)
        #expect(detect("cpu usage=1\n") == .influx)
        #expect(detect("") == nil)
    }
}

@Suite struct InfluxFastPathTests {
    /// Parses the same text twice into one batch: the second time known series are found by
    /// their raw spelling (the fast path). Both halves must hold the same points.
    @Test func fastPathAgreesWithTheFullParser() {
        let text = """
            cpu,host=a,dc=eu usage_user=1.5,usage_system=2i,state="ok" 1700000000000000000
            cpu,dc=eu,host=a usage_user=3 1700000001000000000
            mem,host=a used=7u,free=8 1700000002000000000
            disk\\,io,path=/var used=9 1700000003000000000
            cpu,host=a,dc=eu usage_user=nan 1700000004000000000
            cpu,host=a,dc=eu usage_idle=4 1700000005000000000
            """ + "\n"
        var batch = ParsedBatch()
        for _ in 0..<2 {
            var copy = text
            copy.withUTF8 { InfluxParser.parse(UnsafeRawBufferPointer($0), options: ParseOptions(), into: &batch) }
        }
        let half = batch.values.count / 2
        #expect(half == 7)
        #expect(Array(batch.series[..<half]) == Array(batch.series[half...]))
        #expect(Array(batch.times[..<half]) == Array(batch.times[half...]))
        #expect(Array(batch.values[..<half]) == Array(batch.values[half...]))
        #expect(batch.rejections.map(\.line) == [5, 5], "the NaN line is rejected both times, with its number")
        #expect(batch.skippedFields == 2)
        #expect(batch.keys.count == 6, "tag order and raw spellings do not create extra series")
        #expect(batch.interner.entryCount > batch.keys.count, "raw spellings were registered as aliases")
    }

    @Test func aggregatorKeepsSpellingsAcrossBatches() {
        var aggregator = Aggregator(policy: try! RetentionPolicy("1s:1h"))
        for second in 0..<3 {
            var batch = aggregator.makeBatch()
            var text = "cpu,host=a usage=\(second) \(1_700_000_000 + second)000000000\n"
            text.withUTF8 { InfluxParser.parse(UnsafeRawBufferPointer($0), options: ParseOptions(), into: &batch) }
            _ = aggregator.apply(batch, now: 1_800_000_000_000)
        }
        #expect(aggregator.seriesCount == 1)
        #expect(aggregator.makeBatch().interner.entryCount == 2, "canonical key plus the adopted raw spelling")
    }
}

@Suite struct TagValueSpaceTests {
    @Test func influxTagValuesMayHoldEscapedSpaces() {
        let text =
            #"disk,host=a,model=Samsung\ SSD\ 860 used=1 1700000000000000000"# + "\n"
            + #"disk,host=a,model=Samsung\ SSD\ 860 used=2 1700000001000000000"# + "\n"
        let batch = parse(text, .influx)
        #expect(batch.rejectedLines == 0)
        #expect(batch.points("disk.used;host=a;model=Samsung SSD 860").map(\.1) == [1, 2])
    }

    @Test func namesStillMayNotHoldSpacesNorSemicolonsInMeasurements() {
        let batch = parse(#"my\ disk used=1"# + "\n" + "a;b used=1\n" + "m semi;colon=1\n", .influx)
        #expect(batch.rejections.map(\.line) == [1, 2, 3])
        #expect(batch.acceptedPoints == 0)
    }
}
