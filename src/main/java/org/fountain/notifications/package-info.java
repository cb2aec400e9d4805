/**
 * Notifications per filter, sent by a consumer group of its own on the matches topic and never on the ingest path: a
 * webhook (a signed JSON POST, or a Slack-compatible body) or an e-mail digest. Matches wait in a bounded outbox in
 * PostgreSQL until sent, with back-off; a target that keeps failing is paused with the reason shown to its owner.
 */
@ApplicationModule(allowedDependencies = {"alerts", "delivery", "filters"})
@NullMarked
package org.fountain.notifications;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
