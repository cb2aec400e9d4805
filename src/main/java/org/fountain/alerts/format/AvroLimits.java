package org.fountain.alerts.format;

import org.apache.avro.SystemLimitException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Avro's own bounds on what one decoded value may allocate, set for alert packets rather than left at 2 GiB.
 *
 * <p>Avro allocates a string, a byte array or an array of items before reading them, at the length the data claims;
 * left at their defaults, a 100-byte message claiming a string of 2^31 bytes or a billion zero-byte array items takes
 * the heap. Avro reads these limits from system properties once, when its limit class is first used, so they are set
 * here before anything is decoded (a value given on the command line with {@code -D} wins), and checked: if Avro had
 * already fixed its limits, the log says so.
 */
public final class AvroLimits {

    private static final Logger log = LoggerFactory.getLogger(AvroLimits.class);

    /** The longest string in a packet: identifiers and names, never near this. */
    public static final int MAX_STRING_BYTES = 1 << 20;

    /** The largest bytes value in a packet: a cutout (tens to hundreds of KB); a message is at most 10 MiB anyway. */
    public static final int MAX_BYTES = 32 << 20;

    /** The most items in one array or map of a packet (histories hold hundreds, forced photometry thousands). */
    public static final int MAX_COLLECTION_ITEMS = 1_000_000;

    /** The most items of a zero-byte type (nulls, empty records) allocated at once. */
    public static final int MAX_ZERO_BYTE_ITEMS = 100_000;

    /** The largest a compressed block may become: Avro's own codecs (Fountain inflates container blocks itself). */
    public static final int MAX_DECOMPRESSED_BYTES = 64 << 20;

    private static volatile boolean applied;

    private AvroLimits() {}

    /** Sets the limits unless given on the command line; idempotent. */
    public static synchronized void apply() {
        if (applied) {
            return;
        }
        setUnlessGiven(SystemLimitException.MAX_STRING_LENGTH_PROPERTY, MAX_STRING_BYTES);
        setUnlessGiven(SystemLimitException.MAX_BYTES_LENGTH_PROPERTY, MAX_BYTES);
        setUnlessGiven(SystemLimitException.MAX_COLLECTION_LENGTH_PROPERTY, MAX_COLLECTION_ITEMS);
        setUnlessGiven(SystemLimitException.MAX_COLLECTION_ALLOCATION_PROPERTY, MAX_ZERO_BYTE_ITEMS);
        setUnlessGiven(SystemLimitException.MAX_DECOMPRESS_LENGTH_PROPERTY, MAX_DECOMPRESSED_BYTES);
        applied = true;
        if (!inEffect()) {
            log.warn(
                    "Avro fixed its decoding limits before Fountain could set them; a crafted packet may allocate"
                            + " up to 2 GiB. Start the JVM with -D{}={} (and the other org.apache.avro.limits.* settings)",
                    SystemLimitException.MAX_STRING_LENGTH_PROPERTY,
                    MAX_STRING_BYTES);
        }
    }

    /** Whether Avro refuses a string longer than the configured limit (it read its limits in time). */
    public static boolean inEffect() {
        long limit = Long.getLong(SystemLimitException.MAX_STRING_LENGTH_PROPERTY, MAX_STRING_BYTES);
        try {
            SystemLimitException.checkMaxStringLength(limit + 1);
            return false;
        } catch (SystemLimitException expected) {
            return true;
        }
    }

    private static void setUnlessGiven(String property, long value) {
        if (System.getProperty(property) == null) {
            System.setProperty(property, Long.toString(value));
        }
    }
}
