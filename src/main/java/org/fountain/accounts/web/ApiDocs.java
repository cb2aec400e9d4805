package org.fountain.accounts.web;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The API's description says how scripts sign in: a personal token as a bearer. */
@Configuration(proxyBeanMethods = false)
class ApiDocs {

    @Bean
    OpenAPI fountainApi() {
        return new OpenAPI()
                .info(new Info()
                        .title("Fountain")
                        .description("Filters, matches, alerts and objects. Authenticate with a personal API token"
                                + " (Your account → API tokens) sent as 'Authorization: Bearer ftn_…'."))
                .components(new Components()
                        .addSecuritySchemes(
                                "token",
                                new SecurityScheme()
                                        .type(SecurityScheme.Type.HTTP)
                                        .scheme("bearer")
                                        .description("A personal API token; a read token may only read")))
                .addSecurityItem(new SecurityRequirement().addList("token"));
    }
}
