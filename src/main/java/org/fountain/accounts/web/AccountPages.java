package org.fountain.accounts.web;

import jakarta.validation.Valid;
import org.fountain.accounts.Accounts;
import org.fountain.accounts.UsernameTakenException;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** Sign-in and registration pages. */
@Controller
class AccountPages {

    private final Accounts accounts;

    AccountPages(Accounts accounts) {
        this.accounts = accounts;
    }

    @GetMapping("/login")
    String login() {
        return "login";
    }

    @GetMapping("/register")
    String registerForm(Model model) {
        model.addAttribute("form", new RegistrationForm());
        return "register";
    }

    @PostMapping("/register")
    String register(
            @Valid @ModelAttribute("form") RegistrationForm form, BindingResult errors, RedirectAttributes redirect) {
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
        try {
            accounts.register(form.getUsername(), form.getPassword());
        } catch (UsernameTakenException e) {
            errors.rejectValue("username", "taken", "That name is taken");
            return "register";
        }
        redirect.addAttribute("registered", form.getUsername());
        return "redirect:/login";
    }
}
