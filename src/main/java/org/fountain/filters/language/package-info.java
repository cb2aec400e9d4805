/**
 * The filter language: CEL type-checked against a stream's Avro schema, the astronomy functions, and the conversion
 * of alerts into CEL values. Other modules (the matcher) compile and run filters through it.
 */
@NullMarked
@NamedInterface("language")
package org.fountain.filters.language;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.NamedInterface;
