package org.fountain.admin.web;

import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import org.fountain.admin.ClusterSampler;
import org.fountain.admin.ClusterSnapshot;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/** Every operator page (under {@code /admin}) shows which of Fountain's consumer groups are not OK, and since when the figures are stale. */
@ControllerAdvice
class AdminBanner {

    private final ClusterSampler sampler;

    AdminBanner(ClusterSampler sampler) {
        this.sampler = sampler;
    }

    @ModelAttribute("unhealthyGroups")
    List<ClusterSnapshot.Group> unhealthy(HttpServletRequest request) {
        return request.getServletPath().startsWith("/admin") ? sampler.unhealthy() : List.of();
    }

    @ModelAttribute("clusterSnapshot")
    ClusterSnapshot snapshot(HttpServletRequest request) {
        return sampler.snapshot();
    }
}
