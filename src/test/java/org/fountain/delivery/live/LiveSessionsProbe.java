package org.fountain.delivery.live;

import org.springframework.context.ApplicationContext;

/** For tests outside this package: whether the live registry of an application has taken a user's subscription. */
public final class LiveSessionsProbe {

    private LiveSessionsProbe() {}

    public static boolean watching(ApplicationContext context, String user) {
        return context.getBean(LiveConnections.class).watching(user);
    }
}
