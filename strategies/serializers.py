from rest_framework import serializers

from .models import PromiseTheme, Strategy, StrategyOutcome


class StrategyOutcomeOutputSerializer(serializers.ModelSerializer):
    class Meta:
        model = StrategyOutcome
        fields = ["code", "text", "order", "source"]


class PromiseThemeOutputSerializer(serializers.ModelSerializer):
    outcomes = StrategyOutcomeOutputSerializer(many=True, read_only=True)

    class Meta:
        model = PromiseTheme
        fields = ["code", "name", "promise", "order", "source", "outcomes"]


class StrategyOutputSerializer(serializers.ModelSerializer):
    plan = serializers.SlugRelatedField(slug_field="code", read_only=True)
    promise_themes = PromiseThemeOutputSerializer(many=True, read_only=True)

    class Meta:
        model = Strategy
        fields = [
            "code",
            "name",
            "plan",
            "description",
            "status",
            "status_note",
            "source",
            "promise_themes",
        ]
