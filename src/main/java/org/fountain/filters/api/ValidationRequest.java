package org.fountain.filters.api;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/** An expression to check without saving it. */
record ValidationRequest(
        String stream, @NotNull @Size(max = 4096) String expression) {}
