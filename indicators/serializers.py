from rest_framework import serializers

from .models import Indicator, Period, Target


class PeriodOutputSerializer(serializers.ModelSerializer):
    class Meta:
        model = Period
        fields = ["code", "kind", "start", "end", "label", "locked_at"]


class TargetOutputSerializer(serializers.ModelSerializer):
    indicator = serializers.SlugRelatedField(slug_field="code", read_only=True)
    period = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = Target
        fields = [
            "id",
            "indicator",
            "period",
            "value",
            "band",
            "source",
            "basis",
            "basis_note",
            "updated_at",
        ]


class IndicatorOutputSerializer(serializers.ModelSerializer):
    plan = serializers.SlugRelatedField(slug_field="code", read_only=True)
    promise_theme = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)
    themes = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)
    priorities = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)
    strategy_outcomes = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)
    owner = serializers.SlugRelatedField(slug_field="username", read_only=True, allow_null=True)
    targets = TargetOutputSerializer(many=True, read_only=True)

    class Meta:
        model = Indicator
        fields = [
            "code",
            "name",
            "definition",
            "unit",
            "polarity",
            "frequency",
            "aggregation",
            "year_basis",
            "source",
            "plan",
            "measure_number",
            "promise_theme",
            "themes",
            "priorities",
            "strategy_outcomes",
            "owner",
            "owner_team",
            "is_key",
            "targets",
        ]
