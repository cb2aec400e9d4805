package org.fountain.accounts.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.Valid;
import java.security.Principal;
import java.util.List;
import org.fountain.accounts.Accounts;
import org.fountain.accounts.ApiToken;
import org.fountain.accounts.ApiTokens;
import org.fountain.accounts.Credentials;
import org.fountain.accounts.RegistrationClosedException;
import org.fountain.accounts.UsernameTakenException;
import org.fountain.accounts.security.Throttle;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** Sign-in and registration pages. */
@Controller
class AccountPages {

    private final Accounts accounts;
    private final Throttle throttle;
    private final ApiTokens tokens;

    private final Credentials credentials;

    AccountPages(Accounts accounts, Throttle throttle, ApiTokens tokens, Credentials credentials) {
        this.credentials = credentials;
        this.accounts = accounts;
        this.throttle = throttle;
        this.tokens = tokens;
    }

    /** The signed-in user's API tokens, for the account page. */
    @ModelAttribute("tokens")
    List<ApiToken> tokens(Principal user) {
        return user == null ? List.of() : tokens.list(user.getName());
    }

    /** Makes a personal API token and shows it once. */
    @PostMapping("/account/tokens")
    String createToken(
            @RequestParam String name,
            @RequestParam ApiToken.Scope scope,
            @RequestParam(defaultValue = "90") int days,
            Principal user,
            RedirectAttributes redirect) {
        try {
            var created = tokens.create(user.getName(), name, scope, days);
            redirect.addFlashAttribute("newToken", created.secret());
            redirect.addFlashAttribute("newTokenName", created.token().name());
        } catch (IllegalArgumentException e) {
            redirect.addFlashAttribute("tokenError", e.getMessage() + ".");
        }
        return "redirect:/account#tokens";
    }

    @PostMapping("/account/tokens/{id}/revoke")
    String revokeToken(@PathVariable long id, Principal user, RedirectAttributes redirect) {
        if (tokens.revoke(user.getName(), id)) {
            redirect.addFlashAttribute("tokenMessage", "Revoked: scripts using it are refused from now on.");
        } else {
            redirect.addFlashAttribute("tokenError", "No such token of yours to revoke.");
        }
        return "redirect:/account#tokens";
    }

    @GetMapping("/login")
    String login() {
        return "login";
    }

    @GetMapping("/account")
    String account(Model model) {
        model.addAttribute("form", new PasswordChangeForm());
        return "account";
    }

    /** Changes the signed-in user's password; a wrong current password counts as a failed sign-in. */
    @PostMapping("/account/password")
    String changePassword(
            @ModelAttribute("form") PasswordChangeForm form,
            BindingResult errors,
            Principal user,
            HttpServletRequest request,
            HttpServletResponse response) {
        if (!throttle.signInWait(user.getName(), request.getRemoteAddr()).isZero()) {
            response.setStatus(429);
            errors.rejectValue("currentPassword", "throttled", "Too many wrong passwords: try again later");
            return "account";
        }
        String weak = Accounts.passwordProblem(form.getNewPassword());
        if (weak != null) {
            errors.rejectValue("newPassword", "weak", weak);
        }
        if (!form.getNewPassword().equals(form.getConfirmPassword())) {
            errors.rejectValue("confirmPassword", "mismatch", "The two passwords differ");
        }
        if (errors.hasErrors()) {
            return "account";
        }
        if (!accounts.changePassword(user.getName(), form.getCurrentPassword(), form.getNewPassword())) {
            throttle.failedCheck(user.getName(), request.getRemoteAddr());
            errors.rejectValue("currentPassword", "wrong", "That is not your current password");
            return "account";
        }
        credentials.renew(request, user); // this session goes on; the account's others end
        return "redirect:/account?changed";
    }

    @GetMapping("/register")
    String registerForm(Model model) {
        model.addAttribute("form", new RegistrationForm());
        model.addAttribute("registration", accounts.registration().name());
        return "register";
    }

    @PostMapping("/register")
    String register(
            @Valid @ModelAttribute("form") RegistrationForm form,
            BindingResult errors,
            RedirectAttributes redirect,
            Model model) {
        model.addAttribute("registration", accounts.registration().name());
        String weak = Accounts.passwordProblem(form.getPassword());
        if (weak != null) {
            errors.rejectValue("password", "weak", weak);
        }
        if (!form.getPassword().equals(form.getConfirmPassword())) {
            errors.rejectValue("confirmPassword", "mismatch", "The two passwords differ");
        }
        if (errors.hasErrors()) {
            return "register";
        }
        boolean active;
        try {
            active = accounts.register(form.getUsername(), form.getPassword());
        } catch (UsernameTakenException e) {
            errors.rejectValue("username", "taken", "That name is taken");
            return "register";
        } catch (RegistrationClosedException e) {
            errors.reject("closed", String.valueOf(e.getMessage()));
            return "register";
        }
        redirect.addAttribute(active ? "registered" : "pending", form.getUsername());
        return "redirect:/login";
    }
}
