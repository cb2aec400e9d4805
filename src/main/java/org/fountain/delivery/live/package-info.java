/** Live delivery to dashboards: the relay, the registry of connected sessions and STOMP. */
@NullMarked
package org.fountain.delivery.live;

import org.jspecify.annotations.NullMarked;
