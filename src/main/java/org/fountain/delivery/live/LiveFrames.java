package org.fountain.delivery.live;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** The JSON body of a live frame: matches listed in order, firehoses as rates, and what the connection missed. */
final class LiveFrames {

    /** At most this many matches in one frame; the rest are counted as missed. */
    static final int MAX_PER_FRAME = 500;

    private LiveFrames() {}

    /** A match as a frame lists it: the filter it is of, and the match as JSON. */
    record Queued(long filterId, byte[] json) {}

    /** A firehose's report in a frame: its matches since the last report, of which {@code shown} are listed. */
    record Rate(long filterId, long matches, int shown) {}

    /**
     * A frame's bytes, how many matches it lists, how many of firehoses it only counts, and how many it had to leave
     * out beyond {@link #MAX_PER_FRAME} (counted in its {@code missed}).
     */
    record Frame(byte[] bytes, int shown, long counted, int cut) {}

    /**
     * One frame: the matches in order and, for filters matching too often to list ({@link FirehoseRates}), their
     * counts since the last report ({@code "firehose": [{"filterId": 3, "matches": 240, "shown": 1}]}): a dashboard
     * shows such a filter as a rate with a sample, not as hundreds of rows a second. At most {@link #MAX_PER_FRAME}
     * are listed; the rest are added to the frame's {@code missed}.
     */
    static Frame frame(List<Queued> matches, List<Rate> rates, long missed, long skipped) {
        int listed = Math.min(matches.size(), MAX_PER_FRAME);
        int cut = matches.size() - listed;
        int size = 96 + 64 * rates.size();
        for (int i = 0; i < listed; i++) {
            size += matches.get(i).json().length + 1;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(size);
        out.writeBytes(("{\"missed\":" + (missed + cut) + ",\"skipped\":" + skipped + ",\"matches\":[")
                .getBytes(StandardCharsets.US_ASCII));
        for (int i = 0; i < listed; i++) {
            if (i > 0) {
                out.write(',');
            }
            out.writeBytes(matches.get(i).json());
        }
        out.write(']');
        long counted = 0;
        if (!rates.isEmpty()) {
            StringBuilder firehose = new StringBuilder(",\"firehose\":[");
            for (Rate rate : rates) {
                firehose.append(firehose.length() > 13 ? "," : "")
                        .append("{\"filterId\":")
                        .append(rate.filterId())
                        .append(",\"matches\":")
                        .append(rate.matches())
                        .append(",\"shown\":")
                        .append(rate.shown())
                        .append('}');
                counted += rate.matches() - rate.shown();
            }
            out.writeBytes(firehose.append(']').toString().getBytes(StandardCharsets.US_ASCII));
        }
        out.write('}');
        return new Frame(out.toByteArray(), listed, counted, cut);
    }
}
