"""Fraud scoring of deliveries: explainable signals, store thresholds and lists, queue `fraud`."""

from django.apps import AppConfig


class FraudConfig(AppConfig):
    name = "alva.fraud"
    label = "fraud"
