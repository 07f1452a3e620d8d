from django.apps import AppConfig


class BillingConfig(AppConfig):
    name = "payung.billing"
    label = "billing"
    verbose_name = "Tagihan dan pembayaran / Billing"
