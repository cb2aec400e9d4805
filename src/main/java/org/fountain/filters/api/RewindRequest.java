package org.fountain.filters.api;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/**
 * An unsaved expression to test on the recent stream.
 *
 * @param stream the stream ({@code ztf} unless given)
 * @param expression the CEL expression
 * @param hours how far back to go (default 24)
 */
record RewindRequest(
        String stream, @NotBlank @Size(max = 4096) String expression, Integer hours) {}
