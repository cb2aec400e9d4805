package org.fountain.alerts;

/** A message that cannot be turned into alerts, with a short machine-readable reason. */
public class UndecodableAlertException extends Exception {

    private final String reason;

    private UndecodableAlertException(String reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public static UndecodableAlertException because(String reason, String message) {
        return new UndecodableAlertException(reason, message, null);
    }

    public static UndecodableAlertException because(String reason, String message, Throwable cause) {
        return new UndecodableAlertException(reason, message, cause);
    }

    /** A short, stable reason code such as {@code bad-magic} or {@code corrupt-block}. */
    public String reason() {
        return reason;
    }
}
