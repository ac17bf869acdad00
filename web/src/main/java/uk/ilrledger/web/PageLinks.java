package uk.ilrledger.web;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.resource.ResourceUrlEncodingFilter;

/**
 * Links in the pages are written as the templates give them. With a webjar locator on the classpath
 * Spring Boot would pass every link of every page through {@link ResourceUrlEncodingFilter}, which
 * looks each one up as a static resource on the classpath (every jar of the application, again for
 * every link that is not one, as misses are not cached): most of a return or diff page's time. The
 * pages link htmx without its version and the webjar resolver still serves that path, so nothing is
 * rewritten and the filter is left out.
 */
@Configuration(proxyBeanMethods = false)
class PageLinks {

    @Bean
    FilterRegistrationBean<ResourceUrlEncodingFilter> resourceUrlEncodingFilter() {
        FilterRegistrationBean<ResourceUrlEncodingFilter> registration =
                new FilterRegistrationBean<>(new ResourceUrlEncodingFilter());
        registration.setEnabled(false);
        return registration;
    }
}
