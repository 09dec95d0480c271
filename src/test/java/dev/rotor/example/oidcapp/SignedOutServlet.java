package dev.rotor.example.oidcapp;

import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/** Where the app logs out ({@code /logout}) and where Rotor sends the browser back after (the post-logout redirect URI). */
@WebServlet({"/logout", "/signed-out"})
public class SignedOutServlet extends HttpServlet {

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException, jakarta.servlet.ServletException {
        if (request.getServletPath().equals("/logout")) {
            request.logout(); // with notifyProvider, Jakarta Security sends the browser to Rotor's end_session_endpoint
            if (response.isCommitted()) {
                return;
            }
        }
        response.setContentType("text/html;charset=UTF-8");
        response.getWriter().print("<!doctype html><title>Signed out</title><p id=\"signed-out\">Signed out</p>");
    }
}
