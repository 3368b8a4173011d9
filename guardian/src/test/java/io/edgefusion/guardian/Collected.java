package io.edgefusion.guardian;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** An evidence sink that keeps every record for assertions. */
public final class Collected implements EvidenceSink {
    public record Rec(String kind, String subject, String payload) {
    }

    public final List<Rec> records = new CopyOnWriteArrayList<>();

    @Override
    public void append(String kind, String subject, String payloadJson) {
        Json.read(payloadJson); // every payload must be one JSON document
        records.add(new Rec(kind, subject, payloadJson));
    }

    public List<String> kinds() {
        return records.stream().map(Rec::kind).toList();
    }
}
