package org.fountain.filters.api;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.fountain.filters.FilterDraft;
import org.fountain.filters.Visibility;

/**
 * A filter to create or a new version of one.
 *
 * @param name a short name, shown on dashboards
 * @param description what it finds, optional
 * @param expression the CEL expression
 * @param stream the input stream ({@code ztf} unless given)
 * @param visibility {@code PRIVATE} (default) or {@code PUBLIC}
 * @param active whether it is matched against the stream (default true)
 * @param kafkaOutput whether its matches also go to {@code fountain.filter.<id>} (default false)
 */
record FilterRequest(
        @NotBlank @Size(max = 100) String name,
        @Size(max = 2000) String description,
        @NotBlank @Size(max = 4096) String expression,
        String stream,
        Visibility visibility,
        Boolean active,
        Boolean kafkaOutput) {

    FilterDraft toDraft() {
        return new FilterDraft(
                name.strip(),
                description,
                expression.strip(),
                stream,
                visibility,
                active == null || active,
                kafkaOutput != null && kafkaOutput);
    }
}
