import PureCloudPlatformClientV2

class WeatherApi:
    def forecast(self):
        return {}

weather_api = WeatherApi()
weather_api.forecast()
