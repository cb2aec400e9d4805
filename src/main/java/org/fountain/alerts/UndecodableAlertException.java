package org.fountain.alerts;

import org.jspecify.annotations.Nullable;

/** A message that cannot be turned into alerts, with a short machine-readable reason. */
public class UndecodableAlertException extends Exception {

    private final UndecodableReason reason;

    private UndecodableAlertException(UndecodableReason reason, String message, @Nullable Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public static UndecodableAlertException because(UndecodableReason reason, String message) {
        return new UndecodableAlertException(reason, message, null);
    }

    public static UndecodableAlertException because(UndecodableReason reason, String message, Throwable cause) {
        return new UndecodableAlertException(reason, message, cause);
    }

    /** The reason's stable wire code, such as {@code bad-magic} or {@code corrupt-block}. */
    public String reason() {
        return reason.code();
    }

    /** Why, as one of the closed list of reasons. */
    public UndecodableReason kind() {
        return reason;
    }
}
