"""Login by NIP, logout, change password."""

from django import forms
from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm
from django.shortcuts import redirect, render

from kinerja.core.forms import BootstrapFormMixin

from ..services.akun import password_change as password_change_service


class NipAuthenticationForm(BootstrapFormMixin, AuthenticationForm):
    username = forms.CharField(
        label="NIP",
        max_length=64,
        widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "username", "inputmode": "numeric"}),
    )
    error_messages = {
        "invalid_login": "NIP atau password salah. Periksa kembali lalu coba lagi.",
        "inactive": "Akun ini tidak aktif. Hubungi admin instansi Anda.",
    }


class LoginView(auth_views.LoginView):
    form_class = NipAuthenticationForm
    redirect_authenticated_user = True


class KinerjaPasswordChangeForm(BootstrapFormMixin, PasswordChangeForm):
    error_messages = {
        **PasswordChangeForm.error_messages,
        "password_incorrect": "Password lama salah. Silakan isi kembali.",
        "password_mismatch": "Kedua password baru tidak sama.",
    }


@login_required
def password_change(request):
    form = KinerjaPasswordChangeForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        password_change_service(user=request.user, new_password=form.cleaned_data["new_password1"])
        update_session_auth_hash(request, request.user)
        messages.success(request, "Password berhasil diubah.")
        return redirect("org:profil")
    return render(request, "registration/password_change.html", {"form": form})
